import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The browser pages (console, customer page, admin, password reset) from the public folder,
/// for requests no route answers; a folder serves its `index.html`. Paths the API and the
/// customer links own are never looked up as files, so their own answers (a 404 problem for an
/// unknown template or link) reach the client unchanged.
struct PublicFiles: RouterMiddleware {
    typealias Context = AppContext
    let directory: String
    let files: FileMiddleware<AppContext, LocalFileSystem>

    init(directory: String, logger: Logger) {
        self.directory = directory
        // no-cache: browsers revalidate (ETag) every time, so an upgraded server never runs with
        // yesterday's scripts.
        files = FileMiddleware(
            directory, cacheControl: CacheControl([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger)
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path.hasPrefix("/s/") { return try await next(request, context) }
        // A page's folder without its slash (`/reset?token=...` from a reset mail, `/customer` after
        // a link) goes on to the folder keeping its query; the file server's own redirect drops it.
        if request.method == .get, path.count > 1, !path.hasSuffix("/"), !path.contains(".."),
            FileManager.default.fileExists(atPath: directory + path + "/index.html")
        {
            let query = request.uri.query.map { "?\($0)" } ?? ""
            return Response(status: .found, headers: [.location: path + "/" + query, .cacheControl: "no-store"])
        }
        return try await files.handle(request, context: context, next: next)
    }
}
