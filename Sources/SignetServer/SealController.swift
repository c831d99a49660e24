import Hummingbird
import SignetModel
import SignetSessions

/// `GET /api/v1/seal/certificate.pem`: the seal certificate and its chain, without a login, so
/// anyone holding a sealed PDF can give a validator the anchors it needs.
struct SealController {
    let keys: SealKeys

    func register(_ router: Router<AppContext>) {
        router.get("api/v1/seal/certificate.pem") { _, _ in
            let pem: String
            do {
                pem = try keys.identity().identity.chainPEM
            } catch {
                throw SignetError(.internal, "the seal identity cannot be loaded: \(error)")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/pem-certificate-chain"],
                body: .init(byteBuffer: ByteBuffer(string: pem)))
        }
    }
}
