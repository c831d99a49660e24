import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
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

    /// `POST /templates?name=Contract&folder=Lending&slug=contract&fromFormFields=true&fromTextTags=true[&pipeline=true]`,
    /// the body a PDF (`TemplateAuthoring`).
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
        let slug = query["slug"].map(String.init) ?? TemplateAuthoring.slug(from: options.name ?? "")
        let authoring = TemplateAuthoring(services: services)
        try authoring.checkNew(slug)
        let bytes = try await FileBody.read(request, limit: services.configuration.maxDocumentBytes)
        guard ContentKind.sniff(bytes) == .pdf else {
            throw Problem.notPDF
        }
        let (made, outcome) = try await authoring.create(slug, from: bytes, options: options)
        return EditedResponse(
            status: .created, headers: [.location: "/api/v1/templates/\(slug)"],
            response: MadeTemplate(
                template: TemplateDetail(made), skipped: outcome.skipped, tagCount: outcome.tagCount))
    }

    /// `PUT /templates/{slug}`: new fields (and name, folder, description, pipeline), checked against
    /// the document like `template check`; saved as the next version.
    @Sendable func updateTemplate(_ request: Request, context: AppContext) async throws -> TemplateDetail {
        _ = try context.admin()
        let slug = context.parameters.get("slug") ?? ""
        _ = try await services.templates.template(slug)
        let edit = try await request.decode(as: TemplateAuthoring.Edit.self, context: context)
        return TemplateDetail(try await TemplateAuthoring(services: services).update(slug, with: edit))
    }

    @Sendable func users(_ request: Request, context: AppContext) async throws -> Page<UserView> {
        _ = try context.admin()
        let items = try await services.accounts.list().map(UserView.init)
        return Page(all: items)
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
}
