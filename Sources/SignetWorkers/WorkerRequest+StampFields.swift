import SignetModel

/// A batch stamps one template row after row, so each of its stamp jobs carries the same fields.
/// A worker receives them once: a later stamp with the same fields leaves them out
/// (`sameFields`) and the worker puts back the ones it kept. Their JSON was a third to a half of
/// a batch row's request: about 50 us a row to encode in the parent, 45 us to decode in the worker.
extension WorkerRequest {
    /// The request for `job` to a worker that kept `sent`, the fields of the last stamp it
    /// received whole (nil: none); a stamp with other fields is sent whole and becomes `sent`.
    init(job: EngineJob, cpu: Int?, sent: inout [StampField]?) {
        guard case .stamp(var stamp) = job else {
            self.init(job: job, cpu: cpu)
            return
        }
        guard stamp.fields == sent else {
            sent = stamp.fields
            self.init(job: job, cpu: cpu)
            return
        }
        stamp.fields = []
        self.init(job: .stamp(stamp), cpu: cpu, sameFields: true)
    }

    /// The job with a stamp's fields put back from `kept`, or kept from it when it came whole;
    /// nil when its fields were left out but none were kept.
    func job(keeping kept: inout [StampField]?) -> EngineJob? {
        guard case .stamp(var stamp) = job else { return job }
        guard sameFields else {
            kept = stamp.fields
            return job
        }
        guard let kept else { return nil }
        stamp.fields = kept
        return .stamp(stamp)
    }
}
