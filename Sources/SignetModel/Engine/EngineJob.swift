/// One unit of PDF work, as the caller hands it to an isolated worker process.
package enum EngineJob: Codable, Hashable, Sendable {
    case inspect(InspectRequest)
    case render(RenderRequest)
    case stamp(StampRequest)
    case textTags(TextTagRequest)
    case assembleImages(ImageAssemblyRequest)
    /// Draw a certificate of completion.
    case certificate(CertificateRequest)
    /// Append a seal's placeholder update (see `SealPlaceholderRequest`).
    case prepareSeal(SealPlaceholderRequest)
    /// Write a copy for previews with oversized photos downscaled (see `PreviewCopyRequest`).
    case previewCopy(PreviewCopyRequest)
    /// Try what the worker's sandbox should refuse (answered by the worker loop, not the engine).
    case probeSandbox(SandboxProbeRequest)

    /// A short name for logs and error messages.
    package var name: String {
        switch self {
        case .inspect: return "inspect"
        case .render: return "render"
        case .stamp: return "stamp"
        case .textTags: return "text tags"
        case .assembleImages: return "assemble images"
        case .certificate: return "certificate"
        case .prepareSeal: return "prepare seal"
        case .previewCopy: return "preview copy"
        case .probeSandbox: return "sandbox probe"
        }
    }

    /// The input file the job reads.
    package var inputPath: String {
        switch self {
        case .inspect(let r): return r.path
        case .render(let r): return r.path
        case .stamp(let r): return r.path
        case .textTags(let r): return r.path
        case .assembleImages(let r): return r.images.first ?? ""
        case .certificate(let r): return r.output
        case .prepareSeal(let r): return r.path
        case .previewCopy(let r): return r.path
        case .probeSandbox(let r): return r.readPaths.first ?? ""
        }
    }
}

/// What a worker answers: a result or a classified error.
package enum EngineOutcome: Codable, Hashable, Sendable {
    case inspected(DocumentReport)
    case rendered(RenderReport)
    case stamped(StampReport)
    case tagsRemoved(TextTagReport)
    case assembled(ImageAssemblyReport)
    case certified(CertificateReport)
    case sealPrepared(SealPlaceholderReport)
    case previewCopied(PreviewCopyReport)
    case sandboxProbed(SandboxProbeReport)
    case failed(SignetError)
}

/// Ask for a document's structure.
package struct InspectRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    package var path: String
    /// Open password, for encrypted files.
    package var password: String?
    /// Whether to list every word with its box (costs a text extraction per page).
    package var includeWords: Bool
    /// Bounds for this job.
    package var limits: EngineLimits

    /// Creates a request.
    package init(path: String, password: String? = nil, includeWords: Bool = false, limits: EngineLimits = .init()) {
        self.path = path
        self.password = password
        self.includeWords = includeWords
        self.limits = limits
    }
}

/// How big a rendered preview should be.
package enum RenderScale: Codable, Hashable, Sendable {
    /// Dots per inch.
    case dpi(Double)
    /// Width in pixels; the height follows the page's aspect ratio.
    case width(Int)
}

/// Ask for PNG previews.
package struct RenderRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    package var path: String
    /// Open password, for encrypted files.
    package var password: String?
    /// Which pages.
    package var pages: PageSelection
    /// Preview size.
    package var scale: RenderScale
    /// Output path: a `.png` file for one page, otherwise a directory that receives `page-N.png`.
    package var output: String
    /// Bounds for this job.
    package var limits: EngineLimits

    /// Creates a request.
    package init(
        path: String, password: String? = nil, pages: PageSelection, scale: RenderScale, output: String,
        limits: EngineLimits = .init()
    ) {
        self.path = path
        self.password = password
        self.pages = pages
        self.scale = scale
        self.output = output
        self.limits = limits
    }
}

/// The previews that were written.
package struct RenderReport: Codable, Hashable, Sendable {
    /// One entry per rendered page.
    package var pages: [RenderedPage]
    /// Findings such as a preview scaled down to the pixel cap.
    package var warnings: [Warning]

    /// Creates a report.
    package init(pages: [RenderedPage], warnings: [Warning]) {
        self.pages = pages
        self.warnings = warnings
    }
}

/// One written preview.
package struct RenderedPage: Codable, Hashable, Sendable {
    /// 1-based page number.
    package var page: Int
    /// The PNG file.
    package var path: String
    /// Pixel width.
    package var width: Int
    /// Pixel height.
    package var height: Int
    /// The resolution actually used (lower than asked when the pixel cap applied).
    package var dpi: Double

    /// Creates a rendered page record.
    package init(page: Int, path: String, width: Int, height: Int, dpi: Double) {
        self.page = page
        self.path = path
        self.width = width
        self.height = height
        self.dpi = dpi
    }
}

/// How the finished document is written.
package enum MergeMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Incremental update where safe, full rewrite otherwise.
    case auto
    /// Append an incremental update; the original bytes stay as they were.
    case incremental
    /// Rewrite the whole file.
    case rewrite
}

/// Ask for a finished document.
package struct StampRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    package var path: String
    /// Open password, for encrypted files.
    package var password: String?
    /// Where the fields are.
    package var fields: [StampField]
    /// What to draw, keyed by field id; fields without a value stay empty.
    package var values: [String: StampValue]
    /// Output PDF path (written atomically).
    package var output: String
    /// How to write it.
    package var mode: MergeMode
    /// Whether the output is flushed to disk (fsync) before it is moved into place. Either way
    /// it appears whole or not at all; durability also survives a power cut.
    package var durable: Bool
    /// Bounds for this job.
    package var limits: EngineLimits
    /// Whether the worker keeps the parsed input for its next stamp of the same, unchanged
    /// file: a batch filling one template row after row then parses it once per worker.
    /// Only an incremental update leaves the parsed input reusable; otherwise it is parsed again.
    package var keepInputOpen: Bool
    /// Where images may come from: the server's jobs say `dataURLsOnly`, so a path that
    /// slipped past its checks is still never read.
    package var images: ImageSources
    /// Files embedded in the same update as the stamp (replacing any of the same name).
    package var attachments: [EmbeddedFile]
    /// A seal's placeholder to add in the same job (`StampReport.seal` says where its gap is).
    /// Encrypted, repaired or DocMDP P=1 files are refused, as by `prepareSeal`.
    package var seal: SealPlaceholderSpec?

    /// Creates a request.
    package init(
        path: String, password: String? = nil, fields: [StampField], values: [String: StampValue], output: String,
        mode: MergeMode = .auto, durable: Bool = true, limits: EngineLimits = .init(), keepInputOpen: Bool = false,
        images: ImageSources = .filesAllowed, attachments: [EmbeddedFile] = [], seal: SealPlaceholderSpec? = nil
    ) {
        self.path = path
        self.password = password
        self.fields = fields
        self.values = values
        self.output = output
        self.mode = mode
        self.durable = durable
        self.limits = limits
        self.keepInputOpen = keepInputOpen
        self.images = images
        self.attachments = attachments
        self.seal = seal
    }
}

/// What stamping produced.
package struct StampReport: Codable, Hashable, Sendable {
    /// The finished PDF.
    package var output: String
    /// How it was written: `incremental` or `rewrite`.
    package var mode: MergeMode
    /// Ids of the fields that received a value.
    package var stampedFields: [String]
    /// Findings (signatures invalidated, fallback used, ...).
    package var warnings: [Warning]
    /// The seal's placeholder, when the request asked for one: the output's gap, still empty.
    package var seal: SealPlaceholderReport?

    /// Creates a report.
    package init(
        output: String, mode: MergeMode, stampedFields: [String], warnings: [Warning], seal: SealPlaceholderReport? = nil
    ) {
        self.output = output
        self.mode = mode
        self.stampedFields = stampedFields
        self.warnings = warnings
        self.seal = seal
    }
}

/// Find the text tags of a document and write a copy with their text removed.
package struct TextTagRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    package var path: String
    /// Open password, for encrypted files.
    package var password: String?
    /// Where the copy without the tags' text is written (atomically).
    package var output: String
    /// Bounds for this job.
    package var limits: EngineLimits

    /// Creates a request.
    package init(path: String, password: String? = nil, output: String, limits: EngineLimits = .init()) {
        self.path = path
        self.password = password
        self.output = output
        self.limits = limits
    }
}

/// The tags found, and the copy of the document without them.
package struct TextTagReport: Codable, Hashable, Sendable {
    /// Every tag, in page order and, within a page, in reading order.
    package var tags: [FoundTextTag]
    /// The document without the tags' text (a plain copy when there were none).
    package var output: String

    /// Creates a report.
    package init(tags: [FoundTextTag], output: String) {
        self.tags = tags
        self.output = output
    }
}

/// A text tag as written in a document, and where.
package struct FoundTextTag: Codable, Hashable, Sendable {
    /// 1-based page.
    package var page: Int
    /// The tag's text, braces included.
    package var text: String
    /// The box of the tag's text under the coordinate contract.
    package var rect: Rect

    /// Creates a found tag.
    package init(page: Int, text: String, rect: Rect) {
        self.page = page
        self.text = text
        self.rect = rect
    }
}
