import Hummingbird
import Logging

/// The browser pages (console, customer page, admin) from the public folder, for requests no
/// route answers; a folder serves its `index.html`. Paths the API and the customer links own
/// are never looked up as files, so their own answers (a 404 problem for an unknown template
/// or link) reach the client unchanged.
struct PublicFiles: RouterMiddleware {
    typealias Context = AppContext
    let files: FileMiddleware<AppContext, LocalFileSystem>

    init(directory: String, logger: Logger) {
        files = FileMiddleware(directory, searchForIndexHtml: true, logger: logger)
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path.hasPrefix("/s/") { return try await next(request, context) }
        return try await files.handle(request, context: context, next: next)
    }
}
