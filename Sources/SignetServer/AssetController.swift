import Foundation
import HTTPTypes
import Hummingbird
import SignetAPI
import SignetModel
import SignetSessions
import SignetStore
import SignetTemplates

/// What agents pick from: templates by folder (searchable, with their fields and page
/// previews), the document types a request can ask for, and workflows (which only admins
/// define).
struct AssetController {
    let services: SignetServices

    func register(_ group: RouterGroup<AppContext>) {
        group.get("templates", use: templates)
        group.get("templates/{slug}", use: template)
        group.get("templates/{slug}/pages/{page}", use: templatePage)
        group.get("document-types", use: documentTypes)
        group.get("workflows", use: workflows)
        group.post("workflows", use: createWorkflow)
        group.get("workflows/{wid}", use: workflow)
        group.put("workflows/{wid}", use: updateWorkflow)
        group.delete("workflows/{wid}", use: deleteWorkflow)
    }

    /// `GET /templates?q=loan&folder=Lending`, with the folders present for the console's tree.
    @Sendable func templates(_ request: Request, context: AppContext) async throws -> Page<TemplateSummary> {
        _ = try context.user()
        let query = request.uri.queryParameters
        let found = services.templates.list(search: query["q"].map(String.init), folder: query["folder"].map(String.init))
        let items = found.map {
            TemplateSummary(
                slug: $0.identity.slug, name: $0.definition.name, folder: $0.definition.folder, description: $0.definition.description,
                version: $0.identity.version, contentHash: $0.identity.contentHash)
        }
        return Page(all: items)
    }

    @Sendable func template(_ request: Request, context: AppContext) async throws -> TemplateDetail {
        _ = try context.user()
        return TemplateDetail(try await services.templates.template(context.parameters.get("slug") ?? ""))
    }

    @Sendable func templatePage(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.user()
        let checked = try await services.templates.template(context.parameters.get("slug") ?? "")
        let key = String(checked.folder.identity.contentHash.dropFirst("sha256:".count))
        return try await FileBody.preview(request, context: context) {
            try await services.previews.png(
                of: checked.folder.documentPath, key: "template-\(key)", page: $0, pageCount: checked.pages.count, width: $1)
        }
    }

    @Sendable func documentTypes(_ request: Request, context: AppContext) async throws -> Page<DocumentTypeView> {
        _ = try context.user()
        let items = DocumentType.search(request.uri.queryParameters["q"].map(String.init)).map {
            DocumentTypeView(id: $0.id, label: $0.label)
        }
        return Page(all: items)
    }

    // MARK: - Workflows

    @Sendable func workflows(_ request: Request, context: AppContext) async throws -> Page<WorkflowView> {
        _ = try context.user()
        let items = try await services.workflows.list(search: request.uri.queryParameters["q"].map(String.init)).map(WorkflowView.init)
        return Page(all: items)
    }

    @Sendable func workflow(_ request: Request, context: AppContext) async throws -> WorkflowView {
        _ = try context.user()
        guard let id = context.parameters.get("wid"), let found = try await services.workflows.find(id) else { throw Problem.notFound }
        return WorkflowView(found)
    }

    @Sendable func createWorkflow(_ request: Request, context: AppContext) async throws -> EditedResponse<WorkflowView> {
        let admin = try context.admin()
        let spec = try await checked(request, context: context)
        let saved = try await services.workflows.create(name: spec.name, description: spec.description ?? "", steps: spec.steps, by: admin)
        return EditedResponse(status: .created, headers: [.location: "/api/v1/workflows/\(saved.id)"], response: WorkflowView(saved))
    }

    @Sendable func updateWorkflow(_ request: Request, context: AppContext) async throws -> WorkflowView {
        _ = try context.admin()
        guard let id = context.parameters.get("wid"), try await services.workflows.find(id) != nil else { throw Problem.notFound }
        let spec = try await checked(request, context: context)
        return WorkflowView(
            try await services.workflows.update(id, name: spec.name, description: spec.description ?? "", steps: spec.steps))
    }

    @Sendable func deleteWorkflow(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.admin()
        guard let id = context.parameters.get("wid"), try await services.workflows.delete(id) else { throw Problem.notFound }
        return Response(status: .noContent)
    }

    private func checked(_ request: Request, context: AppContext) async throws -> WorkflowSpec {
        let spec = try await request.decode(as: WorkflowSpec.self, context: context)
        try await WorkflowSteps(composer: InteractionComposer(services: services)).check(description: spec.description, steps: spec.steps)
        return spec
    }
}
