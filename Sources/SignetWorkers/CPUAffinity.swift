import CLinux
import Glibc

/// Which CPUs a thread may run on (Linux `sched_setaffinity`, per thread).
///
/// A batch row is a ping-pong: the batch thread prepares a request, its worker stamps, the thread
/// takes the answer. Left to itself the scheduler often wakes one job's thread on the CPU where
/// another job's worker is busy, so one CPU queues two things while the other idles (about 15%
/// of a CPU on two cores). Pinning each job's thread, and its worker with it, to a CPU of its
/// own keeps every exchange on one CPU.
package enum CPUAffinity {
    /// The CPUs the calling thread may run on, in order (empty when unknown).
    package static func current() -> [Int] {
        cpus(upTo: .max)
    }

    /// The calling thread's CPUs, read a 64-bit word of the mask at a time and stopping once
    /// more than `limit` are found (`pinned` runs for every engine job, so it stops at two).
    private static func cpus(upTo limit: Int) -> [Int] {
        var set = cpu_set_t()
        guard sched_getaffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 else { return [] }
        var found: [Int] = []
        withUnsafeBytes(of: &set) { bytes in
            for (index, word) in bytes.bindMemory(to: UInt64.self).enumerated() where word != 0 {
                var bits = word  // glibc keeps CPU n as bit n % 64 of unsigned long n / 64
                while bits != 0 && found.count <= limit {
                    found.append(index * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        }
        return found
    }

    /// Restricts the calling thread to `cpus`; false when the system refuses.
    @discardableResult
    package static func restrict(to cpus: [Int]) -> Bool {
        let size = MemoryLayout<cpu_set_t>.size
        guard !cpus.isEmpty, cpus.allSatisfy({ (0..<size * 8).contains($0) }) else { return false }
        // CPU_SET is a macro Swift cannot call: set the bits of the mask directly.
        var set = cpu_set_t()
        withUnsafeMutableBytes(of: &set) { bytes in for cpu in cpus { bytes[cpu / 8] |= 1 << (cpu % 8) } }
        return sched_setaffinity(0, size, &set) == 0
    }

    /// The one CPU the calling thread is pinned to, or nil when it may run on several.
    package static func pinned() -> Int? {
        let cpus = cpus(upTo: 1)
        return cpus.count == 1 ? cpus[0] : nil
    }
}
