import SignetModel

// Placeholder until the eraser lands (being written in parallel); replaced by the real file.
enum TextTagEraser {
    struct Unresolved { var page: Int; var reason: String }
    struct Result { var unresolved: [Unresolved] }
    static func erase(input: String, password: String?, output: String) throws -> Result {
        throw SignetError(.internal, "text tag erasure is not built yet")
    }
}
