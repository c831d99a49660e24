import Foundation

/// The files a pool's workers may reach, declared by the pool's owner. Under Landlock (see
/// `WorkerSandbox`) a worker can read only the `reading` folders, read and write only the
/// `writing` folders and its own private folder, and read the system files the engine needs;
/// everything else (the database, configuration, other users' files) is out of its reach.
package struct WorkerAccess: Sendable, Hashable, Codable {
    /// Files and folders the workers read (documents, templates, images).
    package var reading: [String]
    /// Folders the workers write (outputs, previews, scratch folders).
    package var writing: [String]

    /// Declares the folders as given; each must exist before the pool starts a worker (a missing
    /// one is skipped by the worker, so creating it later grants nothing).
    package init(reading: [String] = [], writing: [String] = []) {
        self.reading = reading
        self.writing = writing
    }

    /// Access for a command given these input and output paths: the folder of each (a path that
    /// is a folder stands for itself; one that does not exist yet, for its nearest existing
    /// ancestor, where the command will create it). Symbolic links are followed, since Landlock
    /// judges a file by where it really is.
    package static func folders(reading: [String], writing: [String]) -> WorkerAccess {
        WorkerAccess(reading: reading.map(folder(of:)), writing: writing.map(folder(of:)))
    }

    private static func folder(of path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            url = url.resolvingSymlinksInPath()
            if isDirectory.boolValue { return url.path }
        }
        repeat {
            url.deleteLastPathComponent()
        } while url.path != "/" && !FileManager.default.fileExists(atPath: url.path)
        return url.resolvingSymlinksInPath().path
    }
}
