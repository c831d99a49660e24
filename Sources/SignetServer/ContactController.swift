import Foundation
import Hummingbird
import SignetAPI
import SignetModel
import SignetStore

/// The caller's address book: list and search it, correct a contact, delete one. A contact is
/// its owner's alone: to anyone else, admins included, it does not exist (404).
struct ContactController {
    let contacts: any ContactRepository

    func register(_ group: RouterGroup<AppContext>) {
        group.get("contacts", use: list)
        group.put("contacts/{cid}", use: update)
        group.delete("contacts/{cid}", use: delete)
    }

    /// `GET /contacts?q=&limit=&offset=`: most recent first; `q` is part of a name, an email or
    /// a phone number.
    @Sendable func list(_ request: Request, context: AppContext) async throws -> Page<ContactView> {
        let user = try context.user()
        let query = request.uri.queryParameters
        let limit = min(max(Int(query["limit"].map(String.init) ?? "") ?? 100, 1), 200)
        let offset = max(Int(query["offset"].map(String.init) ?? "") ?? 0, 0)
        let (rows, total) = try await contacts.list(agentId: user.id, search: query["q"].map(String.init), limit: limit, offset: offset)
        return Page(items: rows.map(ContactView.init), total: total, limit: limit, offset: offset)
    }

    /// `PUT /contacts/{cid}` `{"name", "phone", "email"}`: the contact as it should be (a
    /// missing phone or email is removed).
    @Sendable func update(_ request: Request, context: AppContext) async throws -> ContactView {
        let user = try context.user()
        let id = try contactId(context)
        let edit = try await request.decode(as: ContactEdit.self, context: context)
        do {
            guard let contact = try await contacts.update(id, agentId: user.id, name: edit.name, phone: edit.phone, email: edit.email)
            else {
                throw Problem.notFound
            }
            return ContactView(contact)
        } catch let clash as ContactClash {
            throw Problem(
                .conflict, "contact-exists", "Another contact has this \(clash.field)",
                detail: "\(clash.other) has it already: it is the same person, so keep one of the two contacts and delete the other",
                errors: [
                    FieldProblem(field: clash.field, label: clash.field == "email" ? "Email" : "Phone", reason: "another contact has it")
                ])
        }
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.user()
        guard try await contacts.delete(try contactId(context), agentId: user.id) else { throw Problem.notFound }
        return Response(status: .noContent)
    }

    /// The contact id in the path; one that is not a number names no contact.
    private func contactId(_ context: AppContext) throws -> Int64 {
        guard let raw = context.parameters.get("cid"), let id = Int64(raw), id > 0 else { throw Problem.notFound }
        return id
    }
}
