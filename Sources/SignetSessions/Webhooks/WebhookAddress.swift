import Foundation
import NIOCore
import NIOPosix

/// Where a webhook may send: http(s) URLs whose host resolves only to public addresses. A
/// receiver URL is chosen by an admin, but the service sends from inside the network: without
/// this check a webhook could reach the loopback interface, the cloud's metadata address or
/// private services (SSRF). Checked at registration and again before every attempt, after DNS
/// resolution, and the attempt then connects to an address it checked (see `WebhookSender`).
package enum WebhookAddress {
    /// A URL's host and port, with the addresses it resolved to.
    package struct Target: Sendable {
        package var url: URL
        package var host: String
        package var port: Int
        package var secure: Bool
        package var addresses: [SocketAddress]
    }

    /// Why `text` is not a usable receiver URL, or nil (syntax only: no DNS).
    package static func syntaxProblem(_ text: String) -> String? {
        guard text.count <= 2000, let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased() else {
            return "must be an absolute http or https URL (at most 2000 characters)"
        }
        guard scheme == "http" || scheme == "https" else { return "must use http or https, not \(scheme)" }
        guard let host = parts.host, !host.isEmpty else { return "must name a host" }
        guard parts.user == nil && parts.password == nil else {
            return "must not carry credentials; check the Signet-Signature header instead"
        }
        guard parts.fragment == nil else { return "must not have a #fragment" }
        if let port = parts.port, !(1...65535).contains(port) { return "has an impossible port" }
        return nil
    }

    /// Resolves `raw` and checks every address it resolves to: refused (with the reason) if
    /// any is loopback, private, link-local, unique-local, CGNAT, multicast, unspecified or
    /// otherwise not public, unless `allowPrivate`.
    package static func check(_ raw: String, allowPrivate: Bool) async throws -> Target {
        if let problem = syntaxProblem(raw) { throw Refusal(reason: problem) }
        guard let url = URL(string: raw), let parts = URLComponents(string: raw), var host = parts.host else {
            throw Refusal(reason: "is not a URL")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let secure = parts.scheme?.lowercased() == "https"
        let port = parts.port ?? (secure ? 443 : 80)
        let resolved = try await resolve(host)
        guard !resolved.isEmpty else { throw Refusal(reason: "names a host that does not resolve (\(host))") }
        if !allowPrivate {
            for address in resolved {
                if let kind = refusal(address) {
                    throw Refusal(reason: "resolves to \(kind) address \(text(of: address)), which is refused")
                }
            }
        }
        let addresses = try resolved.map { try SocketAddress(ipAddress: text(of: $0), port: port) }
        return Target(url: url, host: host, port: port, secure: secure, addresses: addresses)
    }

    /// A refused URL or address, with the reason (fit to show the admin).
    package struct Refusal: Error, CustomStringConvertible {
        package var reason: String
        package var description: String { "the URL \(reason)" }
    }

    /// What kind of address `ip` (4 or 16 bytes) is when it is not public, or nil.
    package static func refusal(_ ip: [UInt8]) -> String? {
        if ip.count == 4 { return refusal(v4: ip) }
        guard ip.count == 16 else { return "an unknown" }
        let zeros = ip.prefix(10).allSatisfy { $0 == 0 }
        // Addresses that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are as the IPv4 one.
        if zeros && ip[10] == 0xff && ip[11] == 0xff { return refusal(v4: Array(ip[12..<16])) }
        if ip.allSatisfy({ $0 == 0 }) { return "an unspecified" }
        if ip.prefix(15).allSatisfy({ $0 == 0 }) && ip[15] == 1 { return "a loopback" }
        if zeros && ip[10] == 0 && ip[11] == 0 { return refusal(v4: Array(ip[12..<16])) }
        if ip[0] == 0x00 && ip[1] == 0x64 && ip[2] == 0xff && ip[3] == 0x9b { return refusal(v4: Array(ip[12..<16])) }
        if ip[0] == 0x20 && ip[1] == 0x02 { return refusal(v4: Array(ip[2..<6])) }
        if ip[0] == 0xfe && ip[1] & 0xc0 == 0x80 { return "a link-local" }
        if ip[0] == 0xfe && ip[1] & 0xc0 == 0xc0 { return "a site-local" }
        if ip[0] & 0xfe == 0xfc { return "a unique-local" }
        if ip[0] == 0xff { return "a multicast" }
        return nil
    }

    private static func refusal(v4 ip: [UInt8]) -> String? {
        let (a, b) = (ip[0], ip[1])
        switch true {
        case a == 0: return "an unspecified"
        case a == 127: return "a loopback"
        case a == 10, a == 172 && b & 0xf0 == 16, a == 192 && b == 168: return "a private"
        case a == 100 && b & 0xc0 == 64: return "a shared (CGNAT)"
        case a == 169 && b == 254: return "a link-local"
        case a == 192 && b == 0 && ip[2] == 0: return "an IETF protocol"
        case a == 198 && b & 0xfe == 18: return "a benchmarking"
        case a >= 224 && a < 240: return "a multicast"
        case a >= 240: return "a reserved or broadcast"
        default: return nil
        }
    }

    /// The IP addresses of `host` (an IP literal is its own), as 4 or 16 bytes each. The
    /// resolver blocks, so it runs on NIO's thread pool.
    static func resolve(_ host: String) async throws -> [[UInt8]] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var info: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &info) == 0 else { return [] }
            defer { freeaddrinfo(info) }
            var found: [[UInt8]] = []
            var next = info
            while let entry = next {
                if let address = entry.pointee.ai_addr {
                    switch Int32(address.pointee.sa_family) {
                    case AF_INET:
                        var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                        found.append(withUnsafeBytes(of: &v4) { Array($0) })
                    case AF_INET6:
                        var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                        found.append(withUnsafeBytes(of: &v6) { Array($0) })
                    default: break
                    }
                }
                next = entry.pointee.ai_next
            }
            var unique: [[UInt8]] = []
            for address in found where !unique.contains(address) { unique.append(address) }
            return unique
        }
    }

    /// `ip` written as text (dotted or RFC 5952).
    static func text(of ip: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        ip.withUnsafeBytes { bytes in _ = inet_ntop(ip.count == 4 ? AF_INET : AF_INET6, bytes.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
