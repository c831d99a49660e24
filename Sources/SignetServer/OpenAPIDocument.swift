/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. A test requests
/// every documented operation and fails when one is not routed, so it stays true.
enum OpenAPIDocument {
    static let json = #"""
        {
         "openapi": "3.1.0",
         "info": {
          "title": "Signet",
          "version": "1.0.0",
          "description": "Sessions with customers: accounts, sessions, invitations, customer links, and the interactions sent into sessions (documents, requests, payments, batches, workflows, shared reviews), and batch jobs for pipelines. Errors are RFC 9457 problem+json; cookie-authenticated writes need the X-CSRF-Token header from login. Every POST honours an Idempotency-Key header: a replay of the same request returns the first answer (Idempotency-Replayed: true), the same key with another request is refused with 422."
         },
         "components": {
          "securitySchemes": {
           "bearer": {
            "type": "http",
            "scheme": "bearer"
           },
           "cookie": {
            "type": "apiKey",
            "in": "cookie",
            "name": "signet_session"
           },
           "customer": {
            "type": "apiKey",
            "in": "cookie",
            "name": "signet_customer"
           }
          },
          "schemas": {
           "Problem": {
            "type": "object",
            "properties": {
             "type": {
              "type": "string"
             },
             "title": {
              "type": "string"
             },
             "status": {
              "type": "integer"
             },
             "detail": {
              "type": "string"
             },
             "errors": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "field": {
                 "type": "string"
                },
                "label": {
                 "type": "string"
                },
                "reason": {
                 "type": "string"
                }
               }
              }
             }
            }
           },
           "Customer": {
            "type": "object",
            "required": [
             "name",
             "channel"
            ],
            "properties": {
             "name": {
              "type": "string"
             },
             "phone": {
              "type": "string",
              "description": "E.164"
             },
             "email": {
              "type": "string"
             },
             "channel": {
              "type": "string",
              "enum": [
               "sms",
               "email"
              ]
             }
            }
           },
           "Session": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string"
             },
             "state": {
              "type": "string",
              "enum": [
               "draft",
               "invited",
               "active",
               "completed",
               "expired",
               "cancelled"
              ]
             },
             "customer": {
              "$ref": "#/components/schemas/Customer"
             },
             "customerStatus": {
              "type": "string",
              "enum": [
               "notInvited",
               "invitationSent",
               "deliveryFailed",
               "waiting",
               "connected",
               "onlineNow",
               "completed",
               "expired",
               "cancelled"
              ]
             },
             "delivery": {
              "type": "string",
              "enum": [
               "none",
               "queued",
               "sent",
               "failed"
              ]
             },
             "deliveryError": {
              "type": "string"
             },
             "agentId": {
              "type": "string"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             },
             "invitedAt": {
              "type": "string",
              "format": "date-time"
             },
             "firstVisitAt": {
              "type": "string",
              "format": "date-time"
             },
             "expiresAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Interaction": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string"
             },
             "kind": {
              "type": "string",
              "enum": [
               "document",
               "documentRequest",
               "paymentRequest",
               "batch",
               "workflow",
               "review"
              ]
             },
             "title": {
              "type": "string"
             },
             "status": {
              "type": "string",
              "enum": [
               "pending",
               "sent",
               "opened",
               "inProgress",
               "completed",
               "declined",
               "failed"
              ]
             },
             "position": {
              "type": "integer"
             },
             "parentId": {
              "type": "string"
             },
             "declineReason": {
              "type": "string"
             },
             "steps": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Interaction"
              }
             },
             "document": {
              "type": "object",
              "properties": {
               "pages": {
                "type": "array"
               },
               "fields": {
                "type": "array"
               },
               "values": {
                "type": "object"
               },
               "approval": {
                "type": "boolean"
               },
               "finished": {
                "type": "boolean"
               }
              }
             },
             "request": {
              "type": "object",
              "properties": {
               "documents": {
                "type": "array"
               },
               "uploads": {
                "type": "array"
               },
               "assembled": {
                "type": "boolean"
               }
              }
             },
             "payment": {
              "type": "object",
              "properties": {
               "amount": {
                "type": "string"
               },
               "currency": {
                "type": "string"
               },
               "description": {
                "type": "string"
               },
               "state": {
                "type": "string",
                "enum": [
                 "requested",
                 "paid",
                 "declined",
                 "rejected"
                ]
               }
              }
             },
             "review": {
              "type": "object",
              "properties": {
               "pages": {
                "type": "array"
               },
               "notes": {
                "type": "array"
               }
              }
             }
            }
           },
           "DocumentSpec": {
            "type": "object",
            "properties": {
             "title": {
              "type": "string"
             },
             "template": {
              "type": "string",
              "description": "template slug"
             },
             "upload": {
              "type": "string",
              "description": "SHA-256 from POST uploads"
             },
             "fields": {
              "type": "array",
              "description": "field definitions (ad hoc only)"
             },
             "fieldsFrom": {
              "type": "object",
              "properties": {
               "formFields": {
                "type": "boolean"
               },
               "textTags": {
                "type": "boolean"
               }
              }
             },
             "values": {
              "type": "object",
              "description": "agent values by field id"
             }
            }
           }
          }
         },
         "security": [
          {
           "bearer": []
          },
          {
           "cookie": []
          }
         ],
         "paths": {
          "/health": {
           "get": {
            "summary": "Liveness",
            "security": [],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           }
          },
          "/openapi.json": {
           "get": {
            "summary": "This document",
            "security": [],
            "responses": {
             "200": {
              "description": "OpenAPI 3.1"
             }
            }
           }
          },
          "/api/v1/auth/login": {
           "post": {
            "summary": "Log in; answers a bearer token and sets the browser cookie",
            "security": [],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "email",
                 "password"
                ],
                "properties": {
                 "email": {
                  "type": "string"
                 },
                 "password": {
                  "type": "string"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "token, csrfToken, user"
             },
             "401": {
              "description": "wrong email or password"
             },
             "429": {
              "description": "too many attempts; Retry-After"
             }
            }
           }
          },
          "/api/v1/auth/logout": {
           "post": {
            "summary": "End this login",
            "responses": {
             "204": {
              "description": "logged out"
             }
            }
           }
          },
          "/api/v1/auth/me": {
           "get": {
            "summary": "The current account",
            "responses": {
             "200": {
              "description": "the account"
             }
            }
           }
          },
          "/api/v1/auth/tokens": {
           "post": {
            "summary": "Create an API token for pipelines",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "label"
                ],
                "properties": {
                 "label": {
                  "type": "string"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the token, shown once"
             }
            }
           }
          },
          "/api/v1/auth/password-reset": {
           "post": {
            "summary": "Email a single-use reset link (always 202)",
            "security": [],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "email"
                ],
                "properties": {
                 "email": {
                  "type": "string"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "202": {
              "description": "accepted"
             }
            }
           }
          },
          "/api/v1/auth/password-reset/confirm": {
           "post": {
            "summary": "Set a new password with a reset token",
            "security": [],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "token",
                 "password"
                ],
                "properties": {
                 "token": {
                  "type": "string"
                 },
                 "password": {
                  "type": "string",
                  "minLength": 8
                 }
                }
               }
              }
             }
            },
            "responses": {
             "204": {
              "description": "password changed"
             },
             "400": {
              "description": "invalid, used or expired token"
             }
            }
           }
          },
          "/api/v1/sessions": {
           "post": {
            "summary": "Start (invite: true, default) or pre-plan (invite: false) a session",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "customer"
                ],
                "properties": {
                 "customer": {
                  "$ref": "#/components/schemas/Customer"
                 },
                 "invite": {
                  "type": "boolean"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the session",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Session"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems"
             }
            }
           },
           "get": {
            "summary": "List and search sessions (own; all for admins)",
            "parameters": [
             {
              "name": "q",
              "in": "query",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "state",
              "in": "query",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "maximum": 200
              }
             },
             {
              "name": "offset",
              "in": "query",
              "schema": {
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "items, total, limit, offset"
             }
            }
           }
          },
          "/api/v1/sessions/{id}": {
           "get": {
            "summary": "A session",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "the session",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Session"
                }
               }
              }
             },
             "404": {
              "description": "not found or not yours"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/invite": {
           "post": {
            "summary": "Invite the customer of a pre-planned session",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "the session"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/reengage": {
           "post": {
            "summary": "Correct the contact or switch channel and send a new invitation",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "phone": {
                  "type": "string"
                 },
                 "email": {
                  "type": "string"
                 },
                 "channel": {
                  "type": "string",
                  "enum": [
                   "sms",
                   "email"
                  ]
                 }
                }
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "the session"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/renew": {
           "post": {
            "summary": "Extend the session by its lifetime",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "the session"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/cancel": {
           "post": {
            "summary": "Cancel the session; its links stop working",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "the session"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/events": {
           "get": {
            "summary": "The session record (time, actor, IP, user agent)",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "events"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/stream": {
           "get": {
            "summary": "The record as Server-Sent Events, live; ends when the session closes; Last-Event-ID resumes",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "text/event-stream: id, event (kind), data (event with customerStatus)"
             }
            }
           }
          },
          "/api/v1/contacts": {
           "get": {
            "summary": "The agent's address book",
            "parameters": [
             {
              "name": "q",
              "in": "query",
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "contacts"
             }
            }
           }
          },
          "/s/{token}": {
           "get": {
            "summary": "A customer's invitation link: sets the customer cookie and redirects",
            "security": [],
            "parameters": [
             {
              "name": "token",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "303": {
              "description": "to the customer page"
             },
             "404": {
              "description": "unknown link"
             },
             "410": {
              "description": "session closed"
             }
            }
           }
          },
          "/api/v1/customer/session": {
           "get": {
            "summary": "The customer's own session",
            "security": [
             {
              "customer": []
             }
            ],
            "responses": {
             "200": {
              "description": "id, customerName, state, expiresAt, csrfToken"
             }
            }
           }
          },
          "/api/v1/templates": {
           "get": {
            "summary": "Templates by folder, searchable",
            "parameters": [
             {
              "name": "q",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "folder",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           },
           "post": {
            "summary": "Make a template from a PDF (admins)",
            "description": "The body is the PDF. Its form fields and/or text tags become fields; the template is written into the templates folder as version 1.",
            "parameters": [
             {
              "name": "name",
              "in": "query",
              "required": false,
              "description": "display name; default the PDF's title",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "folder",
              "in": "query",
              "required": false,
              "description": "default General",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "slug",
              "in": "query",
              "required": false,
              "description": "lowercase letters, digits, dashes; default from the name",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "description",
              "in": "query",
              "required": false,
              "description": "",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "fromFormFields",
              "in": "query",
              "required": false,
              "description": "true to import the PDF's form fields",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "fromTextTags",
              "in": "query",
              "required": false,
              "description": "true to turn {{...}} text tags into fields",
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/pdf": {
               "schema": {
                "type": "string",
                "format": "binary"
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "template (placed fields, pages), skipped form fields, tagCount"
             },
             "403": {
              "description": "not an admin"
             },
             "409": {
              "description": "the slug is taken"
             },
             "415": {
              "description": "not a PDF"
             },
             "422": {
              "description": "per-field problems (slug, fields)"
             }
            }
           }
          },
          "/api/v1/templates/{slug}": {
           "get": {
            "summary": "A template with its placed fields and pages",
            "parameters": [
             {
              "name": "slug",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           },
           "put": {
            "summary": "Edit a template's fields, name, folder or description (admins); saved as the next version",
            "parameters": [
             {
              "name": "slug",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "fields"
                ],
                "properties": {
                 "fields": {
                  "type": "array",
                  "items": {
                   "type": "object"
                  }
                 },
                 "name": {
                  "type": "string"
                 },
                 "folder": {
                  "type": "string"
                 },
                 "description": {
                  "type": "string"
                 },
                 "version": {
                  "type": "integer",
                  "description": "the version edited; another one is refused with 409"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "the template as saved"
             },
             "403": {
              "description": "not an admin"
             },
             "404": {
              "description": "unknown template"
             },
             "409": {
              "description": "the template changed meanwhile"
             },
             "422": {
              "description": "per-field problems, fields named fields.<id>"
             }
            }
           }
          },
          "/api/v1/templates/{slug}/pages/{page}": {
           "get": {
            "summary": "PNG preview of a template page",
            "parameters": [
             {
              "name": "slug",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "page",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "width",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "image/png"
             }
            }
           }
          },
          "/api/v1/users": {
           "get": {
            "summary": "Accounts (admins)",
            "responses": {
             "200": {
              "description": "id, email, name, role of each account"
             },
             "403": {
              "description": "not an admin"
             }
            }
           },
           "post": {
            "summary": "Create an agent or admin account (admins)",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "email",
                 "password"
                ],
                "properties": {
                 "email": {
                  "type": "string"
                 },
                 "name": {
                  "type": "string"
                 },
                 "role": {
                  "type": "string",
                  "enum": [
                   "agent",
                   "admin"
                  ]
                 },
                 "password": {
                  "type": "string",
                  "description": "at least 8 characters, not a common one"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the account"
             },
             "403": {
              "description": "not an admin"
             },
             "422": {
              "description": "per-field problems (email, password)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/uploads/{sha}/pages/{page}": {
           "get": {
            "summary": "PNG preview of a page of a PDF uploaded into the session and not sent yet (for the field editor)",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "sha",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "page",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "width",
              "in": "query",
              "required": false,
              "description": "pixels, 64 to 2400; default 800",
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "image/png"
             },
             "404": {
              "description": "no such upload waiting in this session"
             }
            }
           }
          },
          "/api/v1/document-types": {
           "get": {
            "summary": "Document types a request can ask for",
            "parameters": [
             {
              "name": "q",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           }
          },
          "/api/v1/workflows": {
           "get": {
            "summary": "Workflows",
            "parameters": [
             {
              "name": "q",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           },
           "post": {
            "summary": "Define a workflow (admins)",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "name": {
                  "type": "string"
                 },
                 "description": {
                  "type": "string"
                 },
                 "steps": {
                  "type": "array",
                  "items": {
                   "type": "object",
                   "properties": {
                    "kind": {
                     "type": "string",
                     "enum": [
                      "template",
                      "documentRequest",
                      "paymentRequest"
                     ]
                    },
                    "title": {
                     "type": "string"
                    },
                    "template": {
                     "type": "string"
                    },
                    "values": {
                     "type": "object"
                    },
                    "documents": {
                     "type": "array"
                    },
                    "note": {
                     "type": "string"
                    },
                    "amount": {
                     "type": "string"
                    },
                    "currency": {
                     "type": "string"
                    },
                    "description": {
                     "type": "string"
                    }
                   },
                   "required": [
                    "kind"
                   ]
                  }
                 }
                },
                "required": [
                 "name",
                 "steps"
                ]
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the workflow"
             },
             "403": {
              "description": "admins only"
             },
             "422": {
              "description": "per-field problems"
             }
            }
           }
          },
          "/api/v1/workflows/{wid}": {
           "get": {
            "summary": "A workflow",
            "parameters": [
             {
              "name": "wid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           },
           "put": {
            "summary": "Replace a workflow (admins)",
            "parameters": [
             {
              "name": "wid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "name": {
                  "type": "string"
                 },
                 "description": {
                  "type": "string"
                 },
                 "steps": {
                  "type": "array"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           },
           "delete": {
            "summary": "Delete a workflow (admins)",
            "parameters": [
             {
              "name": "wid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "204": {
              "description": "deleted"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions": {
           "get": {
            "summary": "The session's interactions (bubbles), groups with their steps",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}": {
           "get": {
            "summary": "One interaction",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/uploads": {
           "post": {
            "summary": "Upload a PDF for an ad hoc document (body: the PDF); preflighted",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "name",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/pdf": {
               "schema": {
                "type": "string",
                "format": "binary"
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "upload (SHA-256), pages, formFields"
             },
             "413": {
              "description": "too large"
             },
             "415": {
              "description": "not a PDF"
             },
             "422": {
              "description": "encrypted, XFA-only or damaged"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/documents": {
           "post": {
            "summary": "Send a template or uploaded document; agent-required fields are checked",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/DocumentSpec"
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the document interaction",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Interaction"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems (field, label, reason)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/batches": {
           "post": {
            "summary": "Send several documents, completed in order",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "title": {
                  "type": "string"
                 },
                 "documents": {
                  "type": "array",
                  "items": {
                   "$ref": "#/components/schemas/DocumentSpec"
                  }
                 }
                },
                "required": [
                 "title",
                 "documents"
                ]
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the batch",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Interaction"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems (field, label, reason)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/document-requests": {
           "post": {
            "summary": "Ask for files",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "title": {
                  "type": "string"
                 },
                 "note": {
                  "type": "string"
                 },
                 "documents": {
                  "type": "array",
                  "items": {
                   "type": "object",
                   "properties": {
                    "type": {
                     "type": "string"
                    },
                    "label": {
                     "type": "string"
                    }
                   },
                   "required": [
                    "type"
                   ]
                  }
                 }
                },
                "required": [
                 "documents"
                ]
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the request",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Interaction"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems (field, label, reason)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/payment-requests": {
           "post": {
            "summary": "Ask for a payment",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "title": {
                  "type": "string"
                 },
                 "amount": {
                  "type": "string",
                  "pattern": "^[0-9]+\\.[0-9]{2}$"
                 },
                 "currency": {
                  "type": "string",
                  "description": "ISO 4217"
                 },
                 "description": {
                  "type": "string"
                 }
                },
                "required": [
                 "amount",
                 "currency",
                 "description"
                ]
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the payment request",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Interaction"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems (field, label, reason)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/reviews": {
           "post": {
            "summary": "Open a shared review of a document",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "title": {
                  "type": "string"
                 },
                 "interaction": {
                  "type": "string"
                 },
                 "upload": {
                  "type": "string"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the review",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Interaction"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems (field, label, reason)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/workflows": {
           "post": {
            "summary": "Send a workflow; steps are released one by one",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "workflow": {
                  "type": "string"
                 },
                 "values": {
                  "type": "object",
                  "description": "agent values by step number"
                 }
                },
                "required": [
                 "workflow"
                ]
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the workflow interaction",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Interaction"
                }
               }
              }
             },
             "422": {
              "description": "per-field problems (field, label, reason)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/pages/{page}": {
           "get": {
            "summary": "PNG preview of a page (as the customer sees it)",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "page",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "width",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "image/png"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/original.pdf": {
           "get": {
            "summary": "The document as sent",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "application/pdf"
             },
             "404": {
              "description": "not there (yet)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/finished.pdf": {
           "get": {
            "summary": "The finished document",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "application/pdf"
             },
             "404": {
              "description": "not there (yet)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/assembled.pdf": {
           "get": {
            "summary": "The uploaded photos as one PDF",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "application/pdf"
             },
             "404": {
              "description": "not there (yet)"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/uploads/{uid}": {
           "get": {
            "summary": "A file the customer uploaded",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "uid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "the file"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/notes": {
           "get": {
            "summary": "Notes of a shared review",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           },
           "post": {
            "summary": "Pin a note on a review page",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "page": {
                  "type": "integer"
                 },
                 "x": {
                  "type": "number"
                 },
                 "y": {
                  "type": "number"
                 },
                 "text": {
                  "type": "string"
                 }
                },
                "required": [
                 "page",
                 "x",
                 "y",
                 "text"
                ]
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the note"
             },
             "422": {
              "description": "per-field problems"
             }
            }
           }
          },
          "/api/v1/sessions/{id}/interactions/{iid}/close": {
           "post": {
            "summary": "Close a shared review",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            }
           }
          },
          "/api/v1/customer/interactions": {
           "get": {
            "summary": "The customer's released interactions",
            "responses": {
             "200": {
              "description": "ok"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}": {
           "get": {
            "summary": "One interaction (marks it opened)",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/pages/{page}": {
           "get": {
            "summary": "PNG preview of a page",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "page",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "width",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "image/png"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/values": {
           "put": {
            "summary": "Save values so far",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "values": {
                  "type": "object"
                 }
                },
                "required": [
                 "values"
                ]
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "ok"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/finish": {
           "post": {
            "summary": "Finish (or approve) a document: required fields checked, PDF stamped",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "values": {
                  "type": "object",
                  "description": "by field id; signatures as {strokes}, {typed} or {image: data URL}"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "completed"
             },
             "422": {
              "description": "per-field problems"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/decline": {
           "post": {
            "summary": "Decline, with a reason",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "reason": {
                  "type": "string"
                 }
                },
                "required": [
                 "reason"
                ]
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "ok"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/uploads": {
           "post": {
            "summary": "Upload a JPEG, PNG or PDF for a document request (judged by content)",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "type",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "name",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/octet-stream": {
               "schema": {
                "type": "string",
                "format": "binary"
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the upload"
             },
             "413": {
              "description": "too large"
             },
             "415": {
              "description": "not a photo or PDF"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/submit": {
           "post": {
            "summary": "Hand in a document request",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "completed"
             },
             "422": {
              "description": "documents still missing"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/pay": {
           "post": {
            "summary": "Pay a payment request (card details are never stored)",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "cardNumber": {
                  "type": "string"
                 },
                 "expiry": {
                  "type": "string",
                  "description": "MM/YY"
                 },
                 "cvc": {
                  "type": "string"
                 },
                 "holder": {
                  "type": "string"
                 }
                },
                "required": [
                 "cardNumber",
                 "expiry",
                 "cvc",
                 "holder"
                ]
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "paid (completed) or rejected by the provider (failed)"
             },
             "422": {
              "description": "per-field problems"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/notes": {
           "get": {
            "summary": "Notes of a shared review",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "ok"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           },
           "post": {
            "summary": "Pin a note",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "page": {
                  "type": "integer"
                 },
                 "x": {
                  "type": "number"
                 },
                 "y": {
                  "type": "number"
                 },
                 "text": {
                  "type": "string"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "the note"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/interactions/{iid}/finished.pdf": {
           "get": {
            "summary": "The customer's copy of a finished document",
            "parameters": [
             {
              "name": "iid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "application/pdf"
             },
             "404": {
              "description": "not there (yet)"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/customer/stream": {
           "get": {
            "summary": "The customer's live stream: their interactions' statuses and review notes (SSE)",
            "responses": {
             "200": {
              "description": "text/event-stream"
             }
            },
            "security": [
             {
              "customer": []
             }
            ]
           }
          },
          "/api/v1/batch-jobs": {
           "post": {
            "summary": "Fill a template from uploaded rows (CSV, TSV or JSON Lines, the body); runs in the background",
            "parameters": [
             {
              "name": "template",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "template slug"
             },
             {
              "name": "format",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "csv, tsv or jsonl (else from Content-Type)"
             },
             {
              "name": "dryRun",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "true: validate every row, write only the report"
             },
             {
              "name": "stage",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "send or finish (default)"
             },
             {
              "name": "nameColumn",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "column naming each PDF"
             },
             {
              "name": "map",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "Column:field pairs, comma-separated; Column: leaves a column out"
             },
             {
              "name": "jobs",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "rows stamped at once, at most one per core"
             }
            ],
            "requestBody": {
             "content": {
              "text/csv": {
               "schema": {
                "type": "string"
               }
              },
              "text/tab-separated-values": {
               "schema": {
                "type": "string"
               }
              },
              "application/jsonl": {
               "schema": {
                "type": "string"
               }
              }
             }
            },
            "responses": {
             "202": {
              "description": "the job (id, state, rows, done, failed); Location"
             },
             "400": {
              "description": "bad parameters or header"
             },
             "404": {
              "description": "unknown template"
             },
             "413": {
              "description": "more than 64 MiB"
             }
            }
           },
           "get": {
            "summary": "Your batch jobs, newest first",
            "responses": {
             "200": {
              "description": "jobs"
             }
            }
           }
          },
          "/api/v1/bulk-sends": {
           "post": {
            "summary": "One new session per row: customer from nameColumn/phoneColumn/emailColumn, the template's agent values from the other columns; dryRun=true checks every row and sends nothing",
            "parameters": [
             {
              "name": "template",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "format",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "dryRun",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "channel",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "sms or email (default)"
             },
             {
              "name": "nameColumn",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "phoneColumn",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "emailColumn",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "map",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "text/csv": {
               "schema": {
                "type": "string"
               }
              },
              "text/tab-separated-values": {
               "schema": {
                "type": "string"
               }
              },
              "application/jsonl": {
               "schema": {
                "type": "string"
               }
              }
             }
            },
            "responses": {
             "202": {
              "description": "the job; its report names each row's session or problems"
             }
            }
           }
          },
          "/api/v1/batch-jobs/{jid}": {
           "get": {
            "summary": "A job and its progress",
            "parameters": [
             {
              "name": "jid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "the job"
             },
             "404": {
              "description": "not found or not yours"
             }
            }
           }
          },
          "/api/v1/batch-jobs/{jid}/stream": {
           "get": {
            "summary": "Progress as Server-Sent Events (progress, then done or failed)",
            "parameters": [
             {
              "name": "jid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "text/event-stream"
             }
            }
           }
          },
          "/api/v1/batch-jobs/{jid}/report.jsonl": {
           "get": {
            "summary": "The per-row report: row, output and SHA-256 (or session), or every problem",
            "parameters": [
             {
              "name": "jid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "application/jsonl"
             }
            }
           }
          },
          "/api/v1/batch-jobs/{jid}/results.zip": {
           "get": {
            "summary": "The PDFs, report.jsonl and summary.json as a zip",
            "parameters": [
             {
              "name": "jid",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "application/zip"
             },
             "409": {
              "description": "not finished"
             }
            }
           }
          }
         }
        }
        """#
}
