import Foundation
import SignetModel
import Testing

@testable import SignetWorkers

/// A worker receives a batch's fields once (`WorkerRequest+StampFields.swift`): what the parent
/// leaves out, the worker puts back, so every job it performs is the job the caller made.
@Suite struct StampFieldsTests {
    let fields = [StampField(id: "name", kind: .text, page: 1, rect: Rect(x: 10, y: 20, width: 200, height: 16))]

    func stamp(_ fields: [StampField], row: Int) -> EngineJob {
        .stamp(StampRequest(path: "/tmp/in.pdf", fields: fields, values: ["name": .text("row \(row)")], output: "/tmp/\(row).pdf"))
    }

    /// The request as the worker reads it: through JSON, as the pipe carries it.
    func received(_ request: WorkerRequest, kept: inout [StampField]?) throws -> EngineJob? {
        try JSONDecoder().decode(WorkerRequest.self, from: JSONEncoder().encode(request)).job(keeping: &kept)
    }

    @Test("the first stamp carries its fields; later ones with the same fields leave them out and the worker puts them back")
    func sentOnce() throws {
        var sent: [StampField]?
        var kept: [StampField]?
        for row in 1...3 {
            let request = WorkerRequest(job: stamp(fields, row: row), cpu: nil, sent: &sent)
            guard case .stamp(let carried) = request.job else { Issue.record("not a stamp"); return }
            #expect(request.sameFields == (row > 1))
            #expect(carried.fields == (row == 1 ? fields : []))
            #expect(try received(request, kept: &kept) == stamp(fields, row: row))
        }
    }

    @Test("other fields are sent whole and kept instead; other jobs pass unchanged")
    func otherFields() throws {
        var sent: [StampField]?
        var kept: [StampField]?
        _ = try received(WorkerRequest(job: stamp(fields, row: 1), cpu: nil, sent: &sent), kept: &kept)
        var moved = fields
        moved[0].rect.y += 1
        let request = WorkerRequest(job: stamp(moved, row: 2), cpu: nil, sent: &sent)
        #expect(!request.sameFields)
        #expect(try received(request, kept: &kept) == stamp(moved, row: 2))
        #expect(kept == moved)
        let inspect = EngineJob.inspect(InspectRequest(path: "/tmp/in.pdf"))
        #expect(try received(WorkerRequest(job: inspect, cpu: nil, sent: &sent), kept: &kept) == inspect)
        #expect(sent == moved && kept == moved)
    }

    @Test("a worker that kept no fields refuses a stamp that left them out")
    func nothingKept() throws {
        var sent: [StampField]? = fields
        var kept: [StampField]?
        #expect(try received(WorkerRequest(job: stamp(fields, row: 1), cpu: nil, sent: &sent), kept: &kept) == nil)
    }
}
