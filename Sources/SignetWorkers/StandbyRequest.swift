import Glibc

/// What a command sends the standby engine with its worker's descriptors (see `StandbyHost`):
/// the worker's private folder, and what a worker spawned by the command would have inherited
/// from it but a forked one would take from the standby engine instead: the file-creation mask
/// (a user's umask 077 must keep the finished documents private), the scheduling priority and
/// every resource limit (no core files where the user turned them off, CPU and file-size caps).
///
/// Lines of text, `name=value`, so that the standby engine reads it without a decoder; a
/// folder holding a line break cannot be sent (the command then starts its own worker).
package struct StandbyRequest: Equatable, Sendable {
    /// One resource limit (getrlimit's resource number, soft and hard limits).
    package struct Limit: Equatable, Sendable {
        package var resource: Int32
        package var soft: UInt64
        package var hard: UInt64
    }

    package var privateFolder: String
    package var fileMask: UInt32
    package var niceness: Int32
    package var limits: [Limit]

    /// The request of this process (the command) for a worker with `privateFolder`.
    package static func current(privateFolder: String) -> StandbyRequest {
        // umask can only be read by setting it; nothing else runs yet at a command's start.
        let mask = umask(0o077)
        umask(mask)
        errno = 0
        let niceness = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let limits = (0..<Int32(__RLIMIT_NLIMITS.rawValue)).compactMap { resource -> Limit? in
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(UInt32(resource)), &limit) == 0 else { return nil }
            return Limit(resource: resource, soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
        }
        return StandbyRequest(privateFolder: privateFolder, fileMask: UInt32(mask), niceness: errno == 0 ? niceness : 0, limits: limits)
    }

    package init(privateFolder: String, fileMask: UInt32, niceness: Int32, limits: [Limit]) {
        self.privateFolder = privateFolder
        self.fileMask = fileMask
        self.niceness = niceness
        self.limits = limits
    }

    /// The message; nil when the folder cannot be written in it.
    package var encoded: [UInt8]? {
        guard privateFolder.hasPrefix("/"), !privateFolder.contains("\n"), !privateFolder.contains("\0") else { return nil }
        var lines = ["folder=\(privateFolder)", "umask=\(fileMask)", "nice=\(niceness)"]
        lines += limits.map { "limit=\($0.resource) \($0.soft) \($0.hard)" }
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// Reads a message back; nil unless it is one `encoded` writes.
    package init?(decoding message: [UInt8]) {
        var folder: String?
        var mask: UInt32?
        var niceness: Int32?
        var limits: [Limit] = []
        for line in String(decoding: message, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            let value = line[line.index(after: equals)...]
            switch line[..<equals] {
            case "folder" where folder == nil && value.hasPrefix("/"): folder = String(value)
            case "umask" where mask == nil: mask = UInt32(value).flatMap { $0 <= 0o777 ? $0 : nil }
            case "nice" where niceness == nil: niceness = Int32(value)
            case "limit":
                let parts = value.split(separator: " ")
                guard parts.count == 3, let resource = Int32(parts[0]), let soft = UInt64(parts[1]), let hard = UInt64(parts[2]) else {
                    return nil
                }
                limits.append(Limit(resource: resource, soft: soft, hard: hard))
            default: return nil
            }
        }
        guard let folder, let mask, let niceness else { return nil }
        self.init(privateFolder: folder, fileMask: mask, niceness: niceness, limits: limits)
    }

    /// Applies the mask, priority and limits to this process (the worker, just forked). A limit
    /// above the standby engine's hard one cannot be raised to: the worker keeps the lower one.
    package func apply() {
        umask(mode_t(fileMask))
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        for limit in limits {
            var value = rlimit(rlim_cur: rlim_t(limit.soft), rlim_max: rlim_t(limit.hard))
            if setrlimit(__rlimit_resource_t(UInt32(limit.resource)), &value) != 0 {
                var current = rlimit()
                getrlimit(__rlimit_resource_t(UInt32(limit.resource)), &current)
                value = rlimit(rlim_cur: min(value.rlim_cur, current.rlim_max), rlim_max: min(value.rlim_max, current.rlim_max))
                setrlimit(__rlimit_resource_t(UInt32(limit.resource)), &value)
            }
        }
    }
}
