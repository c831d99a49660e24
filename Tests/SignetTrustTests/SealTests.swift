import Foundation
import SignetModel
import SignetTrust
import SwiftASN1
import Testing

@Suite struct SealTests {
    @Test func developmentSealPassesBothValidators() async throws {
        let dir = TrustFixtures.scratch()
        let (identity, created) = try DevelopmentCA.identity(in: dir + "/keys")
        #expect(created)
        let sealer = DocumentSealer(identity: identity, engine: TrustFixtures.engine)
        let seal = try await sealer.seal(TrustFixtures.samples + "/letter.pdf", to: dir + "/sealed.pdf")
        #expect(seal.field == "Seal1")
        try identity.chainPEM.write(toFile: dir + "/chain.pem", atomically: true, encoding: .utf8)
        try Validators.expectValid(dir + "/sealed.pdf", seals: 1, chain: dir + "/chain.pem")
    }
}
