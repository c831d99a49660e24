/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. A test requests
/// every documented operation and fails when one is not routed, so it stays true.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Signet", "version": "1.0.0",
                   "description": "Sessions with customers: accounts, sessions, invitations and customer links. Errors are RFC 9457 problem+json; cookie-authenticated writes need the X-CSRF-Token header from login. Every POST honours an Idempotency-Key header: a replay of the same request returns the first answer (Idempotency-Replayed: true), the same key with another request is refused with 422."},
          "components": {
            "securitySchemes": {
              "bearer": {"type": "http", "scheme": "bearer"},
              "cookie": {"type": "apiKey", "in": "cookie", "name": "signet_session"},
              "customer": {"type": "apiKey", "in": "cookie", "name": "signet_customer"}
            },
            "schemas": {
              "Problem": {"type": "object", "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "object", "properties": {
                  "field": {"type": "string"}, "label": {"type": "string"}, "reason": {"type": "string"}}}}}},
              "Customer": {"type": "object", "required": ["name", "channel"], "properties": {
                "name": {"type": "string"}, "phone": {"type": "string", "description": "E.164"}, "email": {"type": "string"},
                "channel": {"type": "string", "enum": ["sms", "email"]}}},
              "Session": {"type": "object", "properties": {
                "id": {"type": "string"}, "state": {"type": "string", "enum": ["draft", "invited", "active", "completed", "expired", "cancelled"]},
                "customer": {"$ref": "#/components/schemas/Customer"},
                "customerStatus": {"type": "string", "enum": ["notInvited", "invitationSent", "deliveryFailed", "waiting", "connected", "onlineNow", "completed", "expired", "cancelled"]},
                "delivery": {"type": "string", "enum": ["none", "queued", "sent", "failed"]}, "deliveryError": {"type": "string"},
                "agentId": {"type": "string"}, "createdAt": {"type": "string", "format": "date-time"},
                "invitedAt": {"type": "string", "format": "date-time"}, "firstVisitAt": {"type": "string", "format": "date-time"},
                "expiresAt": {"type": "string", "format": "date-time"}}}
            }
          },
          "security": [{"bearer": []}, {"cookie": []}],
          "paths": {
            "/health": {"get": {"summary": "Liveness", "security": [], "responses": {"200": {"description": "ok"}}}},
            "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}},
            "/api/v1/auth/login": {"post": {"summary": "Log in; answers a bearer token and sets the browser cookie", "security": [],
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["email", "password"],
                "properties": {"email": {"type": "string"}, "password": {"type": "string"}}}}}},
              "responses": {"200": {"description": "token, csrfToken, user"}, "401": {"description": "wrong email or password"},
                            "429": {"description": "too many attempts; Retry-After"}}}},
            "/api/v1/auth/logout": {"post": {"summary": "End this login", "responses": {"204": {"description": "logged out"}}}},
            "/api/v1/auth/me": {"get": {"summary": "The current account", "responses": {"200": {"description": "the account"}}}},
            "/api/v1/auth/tokens": {"post": {"summary": "Create an API token for pipelines",
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}}}}},
              "responses": {"201": {"description": "the token, shown once"}}}},
            "/api/v1/auth/password-reset": {"post": {"summary": "Email a single-use reset link (always 202)", "security": [],
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}}}},
              "responses": {"202": {"description": "accepted"}}}},
            "/api/v1/auth/password-reset/confirm": {"post": {"summary": "Set a new password with a reset token", "security": [],
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["token", "password"],
                "properties": {"token": {"type": "string"}, "password": {"type": "string", "minLength": 8}}}}}},
              "responses": {"204": {"description": "password changed"}, "400": {"description": "invalid, used or expired token"}}}},
            "/api/v1/sessions": {
              "post": {"summary": "Start (invite: true, default) or pre-plan (invite: false) a session",
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["customer"], "properties": {
                  "customer": {"$ref": "#/components/schemas/Customer"}, "invite": {"type": "boolean"}}}}}},
                "responses": {"201": {"description": "the session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                              "422": {"description": "per-field problems"}}},
              "get": {"summary": "List and search sessions (own; all for admins)",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}},
                               {"name": "state", "in": "query", "schema": {"type": "string"}},
                               {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 200}},
                               {"name": "offset", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "items, total, limit, offset"}}}},
            "/api/v1/sessions/{id}": {"get": {"summary": "A session", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "the session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}}, "404": {"description": "not found or not yours"}}}},
            "/api/v1/sessions/{id}/invite": {"post": {"summary": "Invite the customer of a pre-planned session",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "the session"}}}},
            "/api/v1/sessions/{id}/reengage": {"post": {"summary": "Correct the contact or switch channel and send a new invitation",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "phone": {"type": "string"}, "email": {"type": "string"}, "channel": {"type": "string", "enum": ["sms", "email"]}}}}}},
              "responses": {"200": {"description": "the session"}}}},
            "/api/v1/sessions/{id}/renew": {"post": {"summary": "Extend the session by its lifetime",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "the session"}}}},
            "/api/v1/sessions/{id}/cancel": {"post": {"summary": "Cancel the session; its links stop working",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "the session"}}}},
            "/api/v1/sessions/{id}/events": {"get": {"summary": "The session record (time, actor, IP, user agent)",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "events"}}}},
            "/api/v1/sessions/{id}/stream": {"get": {"summary": "The record as Server-Sent Events, live; ends when the session closes; Last-Event-ID resumes",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "text/event-stream: id, event (kind), data (event with customerStatus)"}}}},
            "/api/v1/contacts": {"get": {"summary": "The agent's address book", "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
              "responses": {"200": {"description": "contacts"}}}},
            "/s/{token}": {"get": {"summary": "A customer's invitation link: sets the customer cookie and redirects", "security": [],
              "parameters": [{"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"303": {"description": "to the customer page"}, "404": {"description": "unknown link"}, "410": {"description": "session closed"}}}},
            "/api/v1/customer/session": {"get": {"summary": "The customer's own session", "security": [{"customer": []}],
              "responses": {"200": {"description": "id, customerName, state, expiresAt, csrfToken"}}}}
          }
        }
        """#
}
