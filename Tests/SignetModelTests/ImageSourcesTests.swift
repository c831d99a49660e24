import Foundation
import Testing

@testable import SignetModel

/// Over HTTP an image is a bounded data: URL holding a real PNG or JPEG; a file name, given or
/// prefilled, would have the server read its own files.
@Suite("Image sources")
struct ImageSourcesTests {
    static let png = "data:image/png;base64," + Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).base64EncodedString()
    static let jpeg = "data:image/jpeg;base64," + Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).base64EncodedString()

    @Test("data URLs only: paths, file: URLs, other types, bad base64, non-images and oversized images are refused")
    func dataOnly() {
        let policy = ImageSources.dataURLsOnly
        for path in ["/etc/passwd", "/dev/zero", "SampleDocs/signature.png", "../x.png", "file:///etc/passwd"] {
            #expect(policy.problem(with: .image(path))?.contains("data: URL") == true, "\(path)")
        }
        #expect(policy.problem(with: .image(Self.png)) == nil && policy.problem(with: .image(Self.jpeg)) == nil)
        #expect(policy.problem(with: .image("data:image/svg+xml;base64,PHN2Zz4=")) != nil)
        #expect(policy.problem(with: .image("data:image/png;base64,@@@")) == .some("the data: URL is not valid base64"))
        let text = "data:image/png;base64," + Data("not a picture".utf8).base64EncodedString()
        #expect(policy.problem(with: .image(text)) == .some("the data: URL does not hold a PNG or JPEG image"))
        let huge = "data:image/png;base64," + String(repeating: "A", count: (ImageSources.maxDataURLBytes / 3 + 2) * 4)
        #expect(policy.problem(with: .image(huge))?.contains("over") == true)
        #expect(policy.problem(with: .text("/etc/passwd")) == nil && policy.problem(with: .typed("A")) == nil)
        #expect(ImageSources.filesAllowed.problem(with: .image("/etc/passwd")) == nil)
    }

    @Test("send and finish refuse a path given or prefilled, naming the field; the same answer whether the file exists")
    func fillCheck() throws {
        var stamp = FieldDefinition.at("stamp", .image, role: .agent)
        stamp.value = .image("/etc/passwd")
        var sig = FieldDefinition.at("sig", .signature)
        sig.value = .image("/nonexistent/x.png")
        let fields = [stamp, sig, .at("photo", .image, role: .agent)]
        guard case .failure(let sent) = FillCheck.send(fields, agentValues: ["photo": .image("/dev/zero")], images: .dataURLsOnly) else {
            Issue.record("a path must be refused")
            return
        }
        #expect(sent.problems.map(\.field) == ["stamp", "photo"])
        #expect(sent.problems[0].reason == "the prefilled value: " + sent.problems[1].reason)
        let missing = FillCheck.send(fields, agentValues: ["photo": .image("/nonexistent/y.png")], images: .dataURLsOnly)
        #expect(missing == .failure(sent))
        guard
            case .failure(let finished) = FillCheck.finish(
                fields, agentValues: [:], customerValues: [:], signedAt: Date(), images: .dataURLsOnly)
        else {
            Issue.record("a prefilled path must be refused at finish")
            return
        }
        #expect(finished.problems.map(\.field) == ["stamp", "sig"])
        stamp.value = .image(Self.png)
        sig.value = .image(Self.jpeg)
        let drawn = try FillCheck.finish([stamp, sig], agentValues: [:], customerValues: [:], signedAt: Date(), images: .dataURLsOnly).get()
        #expect(drawn.count == 2)
        #expect(try FillCheck.send(fields, agentValues: [:], images: .filesAllowed).get()["stamp"] == .image("/etc/passwd"))
    }

    @Test("a definition's prefills and given values are listed with their field")
    func definitionProblems() {
        var stamp = FieldDefinition.at("stamp", .image, role: .agent)
        stamp.value = .image("/etc/hostname")
        let problems = ImageSources.dataURLsOnly.problems([stamp], values: ["ghost": .image("x.png"), "stamp": .image(Self.png)])
        #expect(problems.map(\.field) == ["stamp", "ghost"])
        #expect(ImageSources.filesAllowed.problems([stamp], values: ["ghost": .image("x.png")]).isEmpty)
    }
}
