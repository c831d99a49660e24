import Foundation

/// A set of pages written as `all` or a list like `1,3-5`.
package enum PageSelection: Codable, Hashable, Sendable {
    case all
    case ranges([ClosedRange<Int>])

    /// Parses `all` or comma-separated numbers and ranges (`1,3-5`); pages are 1-based.
    package init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "all" || trimmed.isEmpty {
            self = .all
            return
        }
        var ranges: [ClosedRange<Int>] = []
        for part in trimmed.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard (1...2).contains(bounds.count), let lo = bounds.first!, let hi = bounds.last!, lo >= 1, hi >= lo
            else {
                throw SignetError(.invalidInput, "bad page selection '\(part)': use 'all' or e.g. 1,3-5")
            }
            ranges.append(lo...hi)
        }
        self = .ranges(ranges)
    }

    /// The selected pages of a document with `pageCount` pages, in order, without repeats;
    /// a page past the end is an error naming it.
    package func pages(of pageCount: Int) throws -> [Int] {
        switch self {
        case .all:
            return Array(1...max(pageCount, 1)).filter { $0 <= pageCount }
        case .ranges(let ranges):
            var seen = Set<Int>()
            var out: [Int] = []
            for r in ranges {
                guard r.upperBound <= pageCount else {
                    throw SignetError(.invalidInput, "page \(r.upperBound) does not exist: the document has \(pageCount) pages")
                }
                for p in r where seen.insert(p).inserted { out.append(p) }
            }
            return out
        }
    }
}
