import Hummingbird
import SignetAPI
import SignetSessions

// The API's wire types (SignetAPI) answer routes as JSON.
extension SessionView: ResponseEncodable {}
extension Page: ResponseEncodable {}
extension UserView: ResponseEncodable {}
extension EventView: ResponseEncodable {}
extension InteractionView: ResponseEncodable {}
extension UploadView: ResponseEncodable {}
extension NoteView: ResponseEncodable {}
extension JobView: ResponseEncodable {}
extension VerificationView: ResponseEncodable {}
extension TemplateDetail: ResponseEncodable {}
extension WorkflowView: ResponseEncodable {}
extension ContactView: ResponseEncodable {}
extension TokenView: ResponseEncodable {}
extension RecordView: ResponseEncodable {}
extension UploadedView: ResponseEncodable {}
extension SentDocuments: ResponseEncodable {}
extension LoginAnswer: ResponseEncodable {}
extension TokenAnswer: ResponseEncodable {}
extension CustomerSessionView: ResponseEncodable {}
extension MadeTemplate: ResponseEncodable {}
extension DocumentTypeView: ResponseEncodable {}
extension CustomerCodeStatusView: ResponseEncodable {}
extension WebhookView: ResponseEncodable {}
extension ApprovalView: ResponseEncodable {}
extension SettingsView: ResponseEncodable {}
extension HealthView: ResponseEncodable {}
extension SessionChat.Message: ResponseEncodable {}
