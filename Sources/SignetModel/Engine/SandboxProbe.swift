/// Which protections confine a worker process (see `WorkerSandbox` in SignetWorkers).
package struct SandboxStatus: Codable, Hashable, Sendable {
    /// The seccomp filter is loaded: no network sockets, no exec, no tracing other processes.
    package var seccomp: Bool
    /// Landlock confines the worker's file access to the folders its owner declared.
    package var landlock: Bool
    /// The worker sees none of its parent's environment variables (secrets included).
    package var emptyEnvironment: Bool
    /// The kernel's Landlock ABI version; 0 when the kernel has no Landlock.
    package var landlockABI: Int
    /// Why a protection is off, when one is.
    package var notes: [String]
    /// The worker was forked, warm, by the standby engine rather than started for its command
    /// (its protections are applied the same way; see SignetWorkers' `StandbyEngine`).
    package var standby: Bool

    /// Creates a status.
    package init(seccomp: Bool, landlock: Bool, emptyEnvironment: Bool, landlockABI: Int, notes: [String] = [], standby: Bool = false) {
        self.standby = standby
        self.seccomp = seccomp
        self.landlock = landlock
        self.emptyEnvironment = emptyEnvironment
        self.landlockABI = landlockABI
        self.notes = notes
    }
}

/// Ask a worker to try what its sandbox should refuse, and report what happened.
package struct SandboxProbeRequest: Codable, Hashable, Sendable {
    /// Files the worker tries to read (the owner picks ones it did not grant, and ones it did).
    package var readPaths: [String]

    /// Creates a probe.
    package init(readPaths: [String] = []) {
        self.readPaths = readPaths
    }
}

/// What a worker found when it probed its own sandbox.
package struct SandboxProbeReport: Codable, Hashable, Sendable {
    /// One thing the worker tried.
    package struct Attempt: Codable, Hashable, Sendable {
        /// What was tried, e.g. `socket AF_INET`, `exec /bin/true` or `read /data/signet.sqlite`.
        package var action: String
        /// Whether the system refused it.
        package var refused: Bool
        /// The system's reason when it failed (`Operation not permitted`, `Permission denied`, ...).
        package var error: String?

        /// Creates an attempt.
        package init(action: String, refused: Bool, error: String? = nil) {
            self.action = action
            self.refused = refused
            self.error = error
        }
    }

    /// The protections the worker applied.
    package var status: SandboxStatus
    /// The names (never the values) of the environment variables the worker sees.
    package var environment: [String]
    /// Every attempt, in order.
    package var attempts: [Attempt]

    /// Creates a report.
    package init(status: SandboxStatus, environment: [String], attempts: [Attempt]) {
        self.status = status
        self.environment = environment
        self.attempts = attempts
    }

    /// The attempt whose action is `action`, if it was made.
    package func attempt(_ action: String) -> Attempt? {
        attempts.first { $0.action == action }
    }
}
