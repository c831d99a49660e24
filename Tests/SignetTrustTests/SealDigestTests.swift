import Testing

@testable import SignetTrust

@Test func sha256OfEmpty() {
    #expect(SealDigest.sha256([]).count == 32)
}
