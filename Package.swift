// swift-tools-version: 6.0
import PackageDescription

// Module graph (one way only):
//   SignetModel (pure values)            <-  SignetFiles (atomic writes, digests)
//   SignetModel, SignetFiles             <-  SignetPDF (the only module that touches C)
//   SignetModel                          <-  SignetWorkers (process isolation, no C)
//   SignetModel, SignetFiles             <-  SignetTemplates (template folders; PDF work through an EngineRunner)
//   everything                           <-  signet (the executable)
let package = Package(
    name: "Signet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "signet", targets: ["signet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CPango", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CQPDF", pkgConfig: "libqpdf",
            providers: [.apt(["libqpdf-dev"])]),
        // A thin C interface over libqpdf's C++ API (page merge, incremental update, structure).
        .target(
            name: "CSignetQPDF",
            dependencies: ["CQPDF"],
            linkerSettings: [.linkedLibrary("qpdf"), .linkedLibrary("stdc++")]),
        .target(
            name: "SignetModel"),
        .target(
            name: "SignetFiles",
            dependencies: ["SignetModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "SignetPDF",
            dependencies: ["SignetModel", "SignetFiles", "CPoppler", "CCairo", "CPango", "CZlib", "CSignetQPDF"]),
        .target(
            name: "SignetWorkers",
            dependencies: ["SignetModel", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "SignetTemplates",
            dependencies: ["SignetModel", "SignetFiles"]),
        .executableTarget(
            name: "signet",
            dependencies: [
                "SignetModel", "SignetPDF", "SignetWorkers", "SignetTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "SignetModelTests", dependencies: ["SignetModel"]),
        .testTarget(name: "SignetPDFTests", dependencies: ["SignetPDF", "SignetModel"]),
        .testTarget(name: "SignetWorkersTests", dependencies: ["SignetWorkers", "SignetModel"]),
        .testTarget(name: "SignetTemplatesTests", dependencies: ["SignetTemplates", "SignetModel", "SignetPDF"]),
        .testTarget(name: "SignetCLITests", dependencies: ["SignetModel"]),
    ],
    cxxLanguageStandard: .cxx17
)
