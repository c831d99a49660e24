import NIOCore
import SignetSessions

extension AttemptLimiter {
    /// The key a client address is limited under: the address itself for IPv4, its /64 network
    /// for IPv6 (one customer line holds a whole /64, so single addresses would not limit it).
    static func client(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        if case .v6(let v6) = address {
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            // An IPv4 client of a dual-stack socket (::ffff:a.b.c.d) is one IPv4 address.
            let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
            if !mapped {
                return bytes[0..<8].map { String($0, radix: 16) }.joined(separator: ".") + "/64"
            }
        }
        return address.ipAddress ?? "unknown"
    }
}
