/// One unit of PDF work, as the caller hands it to an isolated worker process.
public enum EngineJob: Codable, Hashable, Sendable {
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
    public var name: String {
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
    public var inputPath: String {
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
public enum EngineOutcome: Codable, Hashable, Sendable {
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
public struct InspectRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    public var path: String
    /// Open password, for encrypted files.
    public var password: String?
    /// Whether to list every word with its box (costs a text extraction per page).
    public var includeWords: Bool
    /// Bounds for this job.
    public var limits: EngineLimits

    /// Creates a request.
    public init(path: String, password: String? = nil, includeWords: Bool = false, limits: EngineLimits = .init()) {
        self.path = path
        self.password = password
        self.includeWords = includeWords
        self.limits = limits
    }
}

/// How big a rendered preview should be.
public enum RenderScale: Codable, Hashable, Sendable {
    /// Dots per inch.
    case dpi(Double)
    /// Width in pixels; the height follows the page's aspect ratio.
    case width(Int)
}

/// Ask for PNG previews.
public struct RenderRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    public var path: String
    /// Open password, for encrypted files.
    public var password: String?
    /// Which pages.
    public var pages: PageSelection
    /// Preview size.
    public var scale: RenderScale
    /// Output path: a `.png` file for one page, otherwise a directory that receives `page-N.png`.
    public var output: String
    /// Bounds for this job.
    public var limits: EngineLimits

    /// Creates a request.
    public init(
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
public struct RenderReport: Codable, Hashable, Sendable {
    /// One entry per rendered page.
    public var pages: [RenderedPage]
    /// Findings such as a preview scaled down to the pixel cap.
    public var warnings: [Warning]

    /// Creates a report.
    public init(pages: [RenderedPage], warnings: [Warning]) {
        self.pages = pages
        self.warnings = warnings
    }
}

/// One written preview.
public struct RenderedPage: Codable, Hashable, Sendable {
    /// 1-based page number.
    public var page: Int
    /// The PNG file.
    public var path: String
    /// Pixel width.
    public var width: Int
    /// Pixel height.
    public var height: Int
    /// The resolution actually used (lower than asked when the pixel cap applied).
    public var dpi: Double

    /// Creates a rendered page record.
    public init(page: Int, path: String, width: Int, height: Int, dpi: Double) {
        self.page = page
        self.path = path
        self.width = width
        self.height = height
        self.dpi = dpi
    }
}

/// How the finished document is written.
public enum MergeMode: String, Codable, Hashable, Sendable, CaseIterable {
    /// Incremental update where safe, full rewrite otherwise.
    case auto
    /// Append an incremental update; the original bytes stay as they were.
    case incremental
    /// Rewrite the whole file.
    case rewrite
}

/// Ask for a finished document.
public struct StampRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    public var path: String
    /// Open password, for encrypted files.
    public var password: String?
    /// Where the fields are.
    public var fields: [StampField]
    /// What to draw, keyed by field id; fields without a value stay empty.
    public var values: [String: StampValue]
    /// Output PDF path (written atomically).
    public var output: String
    /// How to write it.
    public var mode: MergeMode
    /// Whether the output is flushed to disk (fsync) before it is moved into place. Either way
    /// it appears whole or not at all; durability also survives a power cut.
    public var durable: Bool
    /// Bounds for this job.
    public var limits: EngineLimits
    /// Whether the worker keeps the parsed input for its next stamp of the same, unchanged
    /// file: a batch filling one template row after row then parses it once per worker.
    /// Only an incremental update leaves the parsed input reusable; otherwise it is parsed again.
    public var keepInputOpen: Bool
    /// Where images may come from: the server's jobs say `dataURLsOnly`, so a path that
    /// slipped past its checks is still never read.
    public var images: ImageSources
    /// Files embedded in the same update as the stamp (replacing any of the same name).
    public var attachments: [EmbeddedFile]
    /// A seal's placeholder to add in the same job (`StampReport.seal` says where its gap is).
    /// Encrypted, repaired or DocMDP P=1 files are refused, as by `prepareSeal`.
    public var seal: SealPlaceholderSpec?

    /// Creates a request.
    public init(
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
public struct StampReport: Codable, Hashable, Sendable {
    /// The finished PDF.
    public var output: String
    /// How it was written: `incremental` or `rewrite`.
    public var mode: MergeMode
    /// Ids of the fields that received a value.
    public var stampedFields: [String]
    /// Findings (signatures invalidated, fallback used, ...).
    public var warnings: [Warning]
    /// The seal's placeholder, when the request asked for one: the output's gap, still empty.
    public var seal: SealPlaceholderReport?

    /// Creates a report.
    public init(
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
public struct TextTagRequest: Codable, Hashable, Sendable {
    /// Input PDF.
    public var path: String
    /// Open password, for encrypted files.
    public var password: String?
    /// Where the copy without the tags' text is written (atomically).
    public var output: String
    /// Bounds for this job.
    public var limits: EngineLimits

    /// Creates a request.
    public init(path: String, password: String? = nil, output: String, limits: EngineLimits = .init()) {
        self.path = path
        self.password = password
        self.output = output
        self.limits = limits
    }
}

/// The tags found, and the copy of the document without them.
public struct TextTagReport: Codable, Hashable, Sendable {
    /// Every tag, in page order and, within a page, in reading order.
    public var tags: [FoundTextTag]
    /// The document without the tags' text (a plain copy when there were none).
    public var output: String

    /// Creates a report.
    public init(tags: [FoundTextTag], output: String) {
        self.tags = tags
        self.output = output
    }
}

/// A text tag as written in a document, and where.
public struct FoundTextTag: Codable, Hashable, Sendable {
    /// 1-based page.
    public var page: Int
    /// The tag's text, braces included.
    public var text: String
    /// The box of the tag's text under the coordinate contract.
    public var rect: Rect

    /// Creates a found tag.
    public init(page: Int, text: String, rect: Rect) {
        self.page = page
        self.text = text
        self.rect = rect
    }
}
