/// A pattern compiled to instructions, and the simulation that runs it over a value.
///
/// Every instruction either consumes one scalar (`scalar`, `set`), moves control without
/// consuming (`split`, `jump`, `start`, `end`) or accepts (`match`, always the last). The
/// simulation keeps the *set* of instructions live at the current position (each at most once)
/// and advances them all together by one scalar; a step costs at most the program's size, so a
/// value of L scalars costs at most size × L, whatever the pattern's nesting.
struct PatternProgram: Sendable {
    enum Operation: UInt8, Sendable {
        case scalar, set, split, jump, start, end, match
    }

    struct Instruction: Sendable {
        var operation: Operation
        /// The scalar's value, the set's index, or the (first) target.
        var x: Int
        /// The second target of a split.
        var y: Int = 0
    }

    private(set) var instructions: [Instruction] = []
    private var sets: [ScalarSet] = []

    /// Compiles `node`, refusing a program over `FieldPattern.maxProgramSize` before building it.
    init(_ node: PatternNode) throws(PatternError) {
        guard Self.size(of: node) + 1 <= FieldPattern.maxProgramSize else {
            throw PatternError(
                "would compile to more than \(FieldPattern.maxProgramSize) instructions (counted repetitions multiply): make it shorter or the counts smaller"
            )
        }
        emit(node)
        instructions.append(Instruction(operation: .match, x: 0))
    }

    /// The instructions `node` compiles to, stopping above the cap so nested counts cannot
    /// overflow.
    private static func size(of node: PatternNode) -> Int {
        let cap = FieldPattern.maxProgramSize + 1
        switch node {
        case .empty: return 0
        case .scalar, .set, .start, .end: return 1
        case .sequence(let parts): return min(cap, parts.reduce(0) { min(cap, $0 + size(of: $1)) })
        case .alternation(let alternatives):
            return min(cap, alternatives.reduce(0) { min(cap, $0 + size(of: $1)) } + 2 * (alternatives.count - 1))
        case .repetition(let operand, let lower, let upper):
            let one = size(of: operand)
            // `lower` copies, then either a loop (split, operand, jump) or `upper - lower`
            // optional copies (split, operand).
            let tail = upper.map { ($0 - lower) * (one + 1) } ?? (one + 2)
            return min(cap, lower * one + tail)
        }
    }

    private mutating func emit(_ node: PatternNode) {
        switch node {
        case .empty: break
        case .scalar(let scalar): instructions.append(Instruction(operation: .scalar, x: Int(scalar.value)))
        case .set(let set):
            // Counted repetition copies a class many times; it is kept (and tested per step) once.
            let index = sets.firstIndex(of: set) ?? sets.count
            if index == sets.count { sets.append(set) }
            instructions.append(Instruction(operation: .set, x: index))
        case .start: instructions.append(Instruction(operation: .start, x: 0))
        case .end: instructions.append(Instruction(operation: .end, x: 0))
        case .sequence(let parts): parts.forEach { emit($0) }
        case .alternation(let alternatives):
            // split L1, next; L1: a; jump end; next: split L2, next2; ... last alternative; end:
            var jumps: [Int] = []
            for (i, alternative) in alternatives.enumerated() {
                let split = instructions.count
                if i < alternatives.count - 1 { instructions.append(Instruction(operation: .split, x: split + 1)) }
                emit(alternative)
                if i < alternatives.count - 1 {
                    jumps.append(instructions.count)
                    instructions.append(Instruction(operation: .jump, x: 0))
                    instructions[split].y = instructions.count
                }
            }
            for jump in jumps { instructions[jump].x = instructions.count }
        case .repetition(let operand, let lower, let upper):
            for _ in 0..<lower { emit(operand) }
            if let upper {
                // Each optional copy may be skipped to the very end: split copy, end.
                var splits: [Int] = []
                for _ in lower..<upper {
                    splits.append(instructions.count)
                    instructions.append(Instruction(operation: .split, x: instructions.count + 1))
                    emit(operand)
                }
                for split in splits { instructions[split].y = instructions.count }
            } else {
                // loop: split body, end; body: operand; jump loop; end:
                let loop = instructions.count
                instructions.append(Instruction(operation: .split, x: loop + 1))
                emit(operand)
                instructions.append(Instruction(operation: .jump, x: loop))
                instructions[loop].y = instructions.count
            }
        }
    }

    /// Whether the program accepts all of `value`.
    func matches(_ value: [Unicode.Scalar]) -> Bool {
        var current = LiveSet(capacity: instructions.count)
        var next = LiveSet(capacity: instructions.count)
        var pending: [Int] = []
        pending.reserveCapacity(instructions.count)
        // Whether the current scalar is in each class, worked out at most once per step:
        // 0 not yet known, 1 in, 2 out.
        var membership = [UInt8](repeating: 0, count: sets.count)
        add(0, at: 0, of: value.count, to: &current, pending: &pending)
        for (position, scalar) in value.enumerated() {
            if current.isEmpty { return false }
            next.removeAll()
            for i in membership.indices { membership[i] = 0 }
            for pc in current.members {
                let instruction = instructions[pc]
                let consumed: Bool
                switch instruction.operation {
                case .scalar: consumed = instruction.x == Int(scalar.value)
                case .set:
                    if membership[instruction.x] == 0 { membership[instruction.x] = sets[instruction.x].contains(scalar) ? 1 : 2 }
                    consumed = membership[instruction.x] == 1
                default: consumed = false
                }
                if consumed { add(pc + 1, at: position + 1, of: value.count, to: &next, pending: &pending) }
            }
            swap(&current, &next)
        }
        return current.contains(instructions.count - 1)
    }

    /// Adds `pc` and every instruction reachable from it without consuming a scalar, at
    /// `position` in a value of `length` scalars. Each instruction enters a set once, which is
    /// what keeps loops over empty operands (`(a*)*`) finite and the step linear.
    private func add(_ pc: Int, at position: Int, of length: Int, to set: inout LiveSet, pending: inout [Int]) {
        pending.append(pc)
        while let pc = pending.popLast() {
            guard set.insert(pc) else { continue }
            let instruction = instructions[pc]
            switch instruction.operation {
            case .jump: pending.append(instruction.x)
            case .split:
                pending.append(instruction.y)
                pending.append(instruction.x)
            case .start: if position == 0 { pending.append(pc + 1) }
            case .end: if position == length { pending.append(pc + 1) }
            case .scalar, .set, .match: break
            }
        }
    }
}

/// The instructions live at one position: a sparse set, so clearing it between steps and
/// testing membership cost O(1) however large the program.
struct LiveSet {
    private(set) var members: [Int] = []
    private var slot: [Int]

    init(capacity: Int) {
        slot = Array(repeating: 0, count: capacity)
        members.reserveCapacity(capacity)
    }

    var isEmpty: Bool { members.isEmpty }

    func contains(_ pc: Int) -> Bool {
        let i = slot[pc]
        return i < members.count && members[i] == pc
    }

    /// Inserts `pc`; false when it was already there.
    mutating func insert(_ pc: Int) -> Bool {
        guard !contains(pc) else { return false }
        slot[pc] = members.count
        members.append(pc)
        return true
    }

    mutating func removeAll() { members.removeAll(keepingCapacity: true) }
}
