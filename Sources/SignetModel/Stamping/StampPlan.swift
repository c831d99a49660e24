/// Checks a stamp request against the document before anything is drawn, so a bad field is
/// refused with its id and the reason rather than producing a wrong document.
package enum StampPlan {
    /// Validates `fields` and `values` against a document of `pageCount` pages whose displayed
    /// bounds are given for (at least) every page a field is on. Throws the first problem as an
    /// `invalidInput` error naming the field.
    package static func validate(fields: [StampField], values: [String: StampValue], pageCount: Int, bounds: [Int: Rect]) throws {
        var ids = Set<String>()
        for field in fields {
            guard !field.id.isEmpty else {
                throw SignetError(.invalidInput, "a field has an empty id")
            }
            guard ids.insert(field.id).inserted else {
                throw SignetError(.invalidInput, "the id is used by more than one field", field: field.id)
            }
            guard field.page >= 1, field.page <= pageCount, let page = bounds[field.page] else {
                throw SignetError(.invalidInput, "page \(field.page) does not exist: the document has \(pageCount) pages", field: field.id)
            }
            let r = field.rect
            guard [r.x, r.y, r.width, r.height].allSatisfy(\.isFinite), r.width > 0, r.height > 0 else {
                throw SignetError(.invalidInput, "the rectangle must have a positive width and height", field: field.id)
            }
            guard page.contains(r, tolerance: 0.5) else {
                throw SignetError(
                    .invalidInput,
                    "the rectangle (x \(r.x), y \(r.y), \(r.width) x \(r.height)) is not inside page \(field.page), which is \(page.width) x \(page.height) pt as displayed",
                    field: field.id)
            }
            if let size = field.fontSize, !(size > 0 && size < 500) {
                throw SignetError(.invalidInput, "fontSize must be between 0 and 500 points", field: field.id)
            }
        }
        for id in values.keys where !ids.contains(id) {
            throw SignetError(.invalidInput, "a value is given for a field that does not exist", field: id)
        }
    }
}
