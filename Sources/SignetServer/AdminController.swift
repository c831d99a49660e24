import Foundation
import HTTPTypes
import Hummingbird
import SignetModel
import SignetStore
import SignetTemplates

/// What only admins change: templates (made from an uploaded PDF, then edited with a new
/// version each time) and agent accounts. Templates are written into the configured templates
/// folder, the same files `signet template` makes and reviews see.
struct AdminController {
    let services: SignetServices

    func register(_ group: RouterGroup<AppContext>) {
        group.post("templates", use: createTemplate)
        group.put("templates/{slug}", use: updateTemplate)
        group.get("users", use: users)
        group.post("users", use: createUser)
        group.post("users/{uid}/disable", use: disableUser)
        group.post("users/{uid}/enable", use: enableUser)
    }

    struct MadeTemplate: ResponseEncodable {
        var template: AssetController.TemplateDetail
        /// Form fields that were not imported, and why.
        var skipped: [FieldProblem]
        var tagCount: Int
    }

    /// `POST /templates?name=Contract&folder=Lending&slug=contract&fromFormFields=true&fromTextTags=true[&pipeline=true]`,
    /// the body a PDF. The template is made in a hidden folder beside the others and renamed
    /// into place, so a half-made template is never listed and an existing slug is never
    /// overwritten.
    @Sendable func createTemplate(_ request: Request, context: AppContext) async throws -> EditedResponse<MadeTemplate> {
        _ = try context.admin()
        let query = request.uri.queryParameters
        var options = TemplateMaker.Options()
        options.name = query["name"].map(String.init).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        options.folder = query["folder"].map(String.init) ?? "General"
        options.description = query["description"].map(String.init) ?? ""
        options.fromFormFields = try request.flag("fromFormFields")
        options.fromTextTags = try request.flag("fromTextTags")
        options.pipeline = try request.flag("pipeline")
        let slug = query["slug"].map(String.init) ?? Self.slug(from: options.name ?? "")
        guard TemplateFolder.isValidSlug(slug) else {
            throw FieldProblems(
                stage: "definition",
                problems: [FieldProblem(field: "slug", label: "Slug", reason: "use 1 to 80 lowercase letters, digits and dashes")])
        }
        let directory = services.configuration.templatesDirectory
        guard !FileManager.default.fileExists(atPath: "\(directory)/\(slug)") else {
            throw Problem(.conflict, "template-exists", "A template '\(slug)' already exists", detail: "edit it, or choose another slug")
        }
        let bytes = try await FileBody.read(request, limit: services.configuration.maxDocumentBytes)
        guard ContentKind.sniff(bytes) == .pdf else {
            throw Problem(.unsupportedMediaType, "not-pdf", "The file is not a PDF", detail: "its content does not start like a PDF")
        }
        let staging = "\(directory)/.new-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try Data(bytes).write(to: URL(fileURLWithPath: staging + "/upload.pdf"))
        let maker = TemplateMaker(
            engine: services.engine, limits: services.limits, scratch: services.configuration.dataDirectory + "/tmp")
        let outcome = try await maker.make(from: staging + "/upload.pdf", options: options, into: "\(staging)/\(slug)")
        // rename(2) refuses a non-empty target, so a template made meanwhile under the same slug wins.
        guard rename("\(staging)/\(slug)", "\(directory)/\(slug)") == 0 else {
            throw Problem(.conflict, "template-exists", "A template '\(slug)' already exists", detail: "edit it, or choose another slug")
        }
        let made = try await services.templates.template(slug)
        return EditedResponse(
            status: .created, headers: [.location: "/api/v1/templates/\(slug)"],
            response: MadeTemplate(
                template: AssetController.TemplateDetail(made), skipped: outcome.skipped, tagCount: outcome.tagCount))
    }

    struct TemplateEdit: Decodable {
        var name: String?
        var folder: String?
        var description: String?
        /// The version being edited; a stale one is refused, so two admins never overwrite each other unseen.
        var version: Int?
        var fields: [FieldDefinition]
        /// Whether batches over HTTP may fill the customer's fields (absent: unchanged).
        var pipeline: Bool?
    }

    /// `PUT /templates/{slug}`: new fields (and name, folder, description, pipeline), checked against
    /// the document like `template check`; saved as the next version. Field problems are
    /// named `fields.<id>`, as for ad hoc documents.
    @Sendable func updateTemplate(_ request: Request, context: AppContext) async throws -> AssetController.TemplateDetail {
        _ = try context.admin()
        let slug = context.parameters.get("slug") ?? ""
        let current = try await services.templates.template(slug).folder
        let edit = try await request.decode(as: TemplateEdit.self, context: context)
        if let version = edit.version, version != current.definition.version {
            throw Problem(
                .conflict, "stale-version", "The template changed meanwhile",
                detail: "you edited version \(version); it is now version \(current.definition.version)")
        }
        var definition = current.definition
        definition.name = edit.name ?? definition.name
        definition.folder = edit.folder ?? definition.folder
        definition.description = edit.description ?? definition.description
        if let pipeline = edit.pipeline { definition.pipeline = pipeline ? true : nil }
        definition.version += 1
        definition.fields = edit.fields
        let request = InspectRequest(
            path: current.documentPath, includeWords: edit.fields.contains { $0.anchor != nil }, limits: services.limits)
        let report = try await services.engine(request)
        let fields = edit.fields
        // The definition check also matches prefilled values against the fields' patterns.
        let placement = try await offload { FieldLayout.place(fields, in: report) }
        // An admin's edit over HTTP may not point a prefill at the server's files either.
        let fieldProblems = placement.problems + ImageSources.dataURLsOnly.problems(edit.fields)
        let problems =
            definition.problems + fieldProblems.map { FieldProblem(field: "fields.\($0.field)", label: $0.label, reason: $0.reason) }
        guard problems.isEmpty else { throw FieldProblems(stage: "definition", problems: problems) }
        definition.fields = placement.fields
        _ = try TemplateFolder.write(definition, document: current.documentPath, to: current.directory)
        return AssetController.TemplateDetail(try await services.templates.template(slug))
    }

    @Sendable func users(_ request: Request, context: AppContext) async throws -> Page<UserView> {
        _ = try context.admin()
        let items = try await services.accounts.list().map(UserView.init)
        return Page(all: items)
    }

    struct NewUser: Decodable {
        var email: String
        var name: String?
        var role: UserRecord.Role?
        var password: String
    }

    @Sendable func createUser(_ request: Request, context: AppContext) async throws -> EditedResponse<UserView> {
        _ = try context.admin()
        let body = try await request.decode(as: NewUser.self, context: context)
        do {
            // Accounts hashes the password off the cooperative threads.
            let user = try await services.accounts.create(
                email: body.email, name: body.name ?? "", role: body.role ?? .agent, password: body.password)
            return EditedResponse(status: .created, response: UserView(user))
        } catch let error as SignetError where error.code == .invalidInput {
            let field = error.field ?? "email"
            throw FieldProblems(stage: "account", problems: [FieldProblem(field: field, label: field.capitalized, reason: error.message)])
        }
    }

    /// `POST /users/{uid}/disable`: the account cannot log in, and its logins, API tokens and
    /// reset links end at once. An admin cannot disable themselves (so one admin always remains).
    @Sendable func disableUser(_ request: Request, context: AppContext) async throws -> UserView {
        let admin = try context.admin()
        let id = context.parameters.get("uid") ?? ""
        guard id != admin.id else {
            throw Problem(.conflict, "cannot-disable-self", "You cannot disable your own account", detail: "ask another admin")
        }
        guard let user = try await services.accounts.setDisabled(true, userId: id) else { throw Problem.notFound }
        return UserView(user)
    }

    /// `POST /users/{uid}/enable`: the account may log in again (its old credentials stay ended).
    @Sendable func enableUser(_ request: Request, context: AppContext) async throws -> UserView {
        _ = try context.admin()
        guard let user = try await services.accounts.setDisabled(false, userId: context.parameters.get("uid") ?? "") else {
            throw Problem.notFound
        }
        return UserView(user)
    }

    /// A slug from a template's name: "Home Loan (2025)" gives "home-loan-2025".
    static func slug(from name: String) -> String {
        let words = name.lowercased().split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        return String(words.joined(separator: "-").prefix(80))
    }
}

extension AssetController.TemplateDetail {
    init(_ checked: CheckedTemplate) {
        let d = checked.folder.definition
        self.init(
            slug: checked.folder.identity.slug, name: d.name, folder: d.folder, description: d.description,
            version: checked.folder.identity.version, contentHash: checked.folder.identity.contentHash, pipeline: d.forPipelines,
            pages: checked.pages.map { PageSize(width: $0.width, height: $0.height) }, fields: checked.fields, problems: checked.problems)
    }
}
