/// Which protections confine a worker process (see `WorkerSandbox` in SignetWorkers).
public struct SandboxStatus: Codable, Hashable, Sendable {
    /// The seccomp filter is loaded: no network sockets, no exec, no tracing other processes.
    public var seccomp: Bool
    /// Landlock confines the worker's file access to the folders its owner declared.
    public var landlock: Bool
    /// The worker sees none of its parent's environment variables (secrets included).
    public var emptyEnvironment: Bool
    /// The kernel's Landlock ABI version; 0 when the kernel has no Landlock.
    public var landlockABI: Int
    /// Why a protection is off, when one is.
    public var notes: [String]

    /// Creates a status.
    public init(seccomp: Bool, landlock: Bool, emptyEnvironment: Bool, landlockABI: Int, notes: [String] = []) {
        self.seccomp = seccomp
        self.landlock = landlock
        self.emptyEnvironment = emptyEnvironment
        self.landlockABI = landlockABI
        self.notes = notes
    }
}

/// Ask a worker to try what its sandbox should refuse, and report what happened.
public struct SandboxProbeRequest: Codable, Hashable, Sendable {
    /// Files the worker tries to read (the owner picks ones it did not grant, and ones it did).
    public var readPaths: [String]

    /// Creates a probe.
    public init(readPaths: [String] = []) {
        self.readPaths = readPaths
    }
}

/// What a worker found when it probed its own sandbox.
public struct SandboxProbeReport: Codable, Hashable, Sendable {
    /// One thing the worker tried.
    public struct Attempt: Codable, Hashable, Sendable {
        /// What was tried, e.g. `socket AF_INET`, `exec /bin/true` or `read /data/signet.sqlite`.
        public var action: String
        /// Whether the system refused it.
        public var refused: Bool
        /// The system's reason when it failed (`Operation not permitted`, `Permission denied`, ...).
        public var error: String?

        /// Creates an attempt.
        public init(action: String, refused: Bool, error: String? = nil) {
            self.action = action
            self.refused = refused
            self.error = error
        }
    }

    /// The protections the worker applied.
    public var status: SandboxStatus
    /// The names (never the values) of the environment variables the worker sees.
    public var environment: [String]
    /// Every attempt, in order.
    public var attempts: [Attempt]

    /// Creates a report.
    public init(status: SandboxStatus, environment: [String], attempts: [Attempt]) {
        self.status = status
        self.environment = environment
        self.attempts = attempts
    }

    /// The attempt whose action is `action`, if it was made.
    public func attempt(_ action: String) -> Attempt? {
        attempts.first { $0.action == action }
    }
}
