// swift-tools-version: 6.0
import PackageDescription

// Linux only: the workers' sandbox (Landlock, seccomp, no_new_privs), their CPU affinity and the
// system libraries (poppler-glib, cairo, pango, qpdf, libseccomp) are Linux's; no Apple platform
// is claimed.
//
// Module graph (one way only):
//   SignetModel (pure values; the engine contract: jobs, requests and their reports, EngineRunner)
//   SignetModel                          <-  SignetFiles (atomic writes, digests)
//   SignetModel, SignetFiles             <-  SignetPDF (the engine: the only module that touches C;
//                                            Poppler through CSignetPoppler, loaded on first use)
//   SignetModel, SignetFiles, SignetPDF  <-  SignetSamples (sample and template documents drawn for
//                                            `signet make-samples` and the tests; its C part is
//                                            CSignetAuthoring)
//   SignetModel, SignetFiles             <-  SignetTrust (seals: CMS, keys, time-stamps, verification; the PDF
//                                            half of a seal through an engine job)
//   SignetModel                          <-  SignetWorkers (process isolation and sandbox; no PDF C;
//                                            an async pool whose exchanges block on threads of its own)
//   SignetModel, SignetFiles             <-  SignetStore (records; `StoreBackend`, the use cases' one way to
//                                            the database, with its session aggregate; GRDB's `Store`
//                                            as its SQLite conformer, PostgresNIO's `PostgresStore` as
//                                            its PostgreSQL one; migrations, the outbox queue, blobs)
//   SignetModel, SignetFiles             <-  SignetTemplates (template folders; PDF work through an EngineRunner)
//   SignetModel, SignetFiles, SignetStore, SignetTemplates, SignetTrust
//                                        <-  SignetSessions (the use cases: every status change a named
//                                            transition; delivery behind protocols; Bootstrap; background
//                                            services; PDF work through an EngineRunner)
//   SignetModel, SignetStore, SignetTemplates, SignetTrust, SignetSessions
//                                        <-  SignetAPI (the API's wire types: the JSON views; no HTTP)
//   SignetModel, SignetFiles, SignetStore, SignetTemplates, SignetTrust, SignetSessions, SignetAPI
//                                        <-  SignetServer (Hummingbird: controllers, middleware,
//                                            problem mapping; no rules of its own)
//   SignetModel, SignetTemplates, SignetTrust, SignetWorkers
//                                        <-  SignetCommandLine (the one-document commands: stamp, fill,
//                                            render, inspect; their options, output and exit statuses)
//   SignetCommandLine, SignetWorkers     <-  signet (the command line: runs the one-document commands
//                                            without the server or the PDF libraries, so it starts
//                                            fast; hands every other command to signet-full)
//   everything                           <-  signet-full (every command, the server's too)
//   SignetModel, SignetPDF, SignetWorkers
//                                        <-  signet-engine (the isolated worker process of every engine
//                                            job; the only process that opens a document)
let package = Package(
    name: "Signet",
    products: [
        .executable(name: "signet", targets: ["signet"]),
        .executable(name: "signet-full", targets: ["signet-full"]),
        .executable(name: "signet-engine", targets: ["signet-engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Outbound HTTP(S) over NIO (time-stamps, SMS; TLS for webhooks) instead of URLSession,
        // whose FoundationNetworking brings libcurl and ~25 shared libraries into every start.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CPango", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev"])]),
        // poppler-glib, loaded on first use (see its header): no target links libpoppler-glib.
        .target(
            name: "CSignetPoppler",
            dependencies: ["CPango"]),
        // glibc's GNU extensions: CPU affinity, closefrom for spawn; the raw Linux calls of the
        // workers' sandbox (no_new_privs, Landlock). Part of libc, nothing to link.
        .systemLibrary(name: "CLinux"),
        // The standby engine's socket calls: descriptor passing, peer credentials, a detached
        // spawn (see SignetWorkers' StandbyEngine). Part of libc, nothing to link.
        .target(name: "CSignetStandby"),
        // Workers' seccomp filter (see SignetWorkers' WorkerSandbox).
        .systemLibrary(
            name: "CSeccomp", pkgConfig: "libseccomp",
            providers: [.apt(["libseccomp-dev"])]),
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
            // libjpeg (libjpeg62-turbo-dev) scales JPEGs down for preview copies.
            linkerSettings: [.linkedLibrary("qpdf"), .linkedLibrary("jpeg"), .linkedLibrary("stdc++")]),
        // Form fields, rotation and crop boxes added with libqpdf to the sample documents Cairo
        // draws: authoring, which the engine itself never does.
        .target(
            name: "CSignetAuthoring",
            dependencies: ["CQPDF"],
            linkerSettings: [.linkedLibrary("qpdf"), .linkedLibrary("stdc++")]),
        .target(
            name: "SignetModel"),
        .target(
            name: "SignetFiles",
            dependencies: ["SignetModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "SignetPDF",
            dependencies: ["SignetModel", "SignetFiles", "CSignetPoppler", "CCairo", "CPango", "CZlib", "CSignetQPDF"]),
        .target(
            name: "SignetSamples",
            dependencies: ["SignetModel", "SignetFiles", "SignetPDF", "CCairo", "CSignetAuthoring"]),
        // Seals: CMS for PAdES, seal keys and certificates, time-stamps, seal verification.
        .target(
            name: "SignetTrust",
            dependencies: [
                "SignetModel", "SignetFiles", .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .target(
            name: "SignetWorkers",
            dependencies: [
                "SignetModel", "CLinux", "CSeccomp", "CSignetStandby", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "SignetStore",
            dependencies: [
                "SignetModel", "SignetFiles", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "SignetSessions",
            dependencies: [
                "SignetModel", "SignetFiles", "SignetStore", "SignetTemplates", "SignetTrust",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // Webhooks: HTTP/1.1 (and TLS) to the very address checked against SSRF, and their HMAC
                // signatures; SMS through AsyncHTTPClient.
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        // The API's wire types: the JSON shapes of sessions, interactions, jobs and the rest, as
        // the HTTP layer answers them (no HTTP of their own).
        .target(
            name: "SignetAPI",
            dependencies: ["SignetModel", "SignetStore", "SignetTemplates", "SignetTrust", "SignetSessions"]),
        .target(
            name: "SignetServer",
            dependencies: [
                "SignetModel", "SignetFiles", "SignetStore", "SignetTemplates", "SignetSessions", "SignetTrust", "SignetAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "SignetTemplates",
            dependencies: ["SignetModel", "SignetFiles"]),
        .target(
            name: "SignetCommandLine",
            dependencies: [
                "SignetModel", "SignetTemplates", "SignetWorkers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "signet",
            dependencies: ["SignetCommandLine", "SignetWorkers", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "signet-full",
            dependencies: [
                "SignetModel", "SignetPDF", "SignetSamples", "SignetWorkers", "SignetTemplates", "SignetStore", "SignetSessions",
                "SignetServer", "SignetTrust", "SignetCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "signet-engine",
            dependencies: ["SignetModel", "SignetPDF", "SignetWorkers"]),
        .testTarget(name: "SignetModelTests", dependencies: ["SignetModel"]),
        .testTarget(name: "SignetPDFTests", dependencies: ["SignetPDF", "SignetSamples", "SignetModel", "CZlib"]),
        .testTarget(
            name: "SignetWorkersTests",
            dependencies: [
                "SignetWorkers", "SignetModel", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "SignetTemplatesTests", dependencies: ["SignetTemplates", "SignetModel", "SignetFiles", "SignetPDF"]),
        .testTarget(
            name: "SignetServerTests",
            dependencies: [
                "SignetServer", "SignetSessions", "SignetStore", "SignetModel", "SignetPDF", "SignetTemplates", "SignetFiles",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ]),
        .testTarget(
            name: "SignetCLITests",
            dependencies: ["SignetModel", "SignetStore", "SignetFiles", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "SignetTrustTests",
            dependencies: [
                "SignetTrust", "SignetModel", "SignetPDF", "SignetFiles", .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
    ],
    cxxLanguageStandard: .cxx17
)
