//! The OpenAPI document describes exactly the routes the app serves, and the Swagger UI is
//! served from the binary.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::helpers::spawn_app;

/// Every route of `src/web/api/mod.rs` with its methods.
const ROUTES: &[(&str, &[&str])] = &[
    ("/api/v1/session", &["post", "delete"]),
    ("/api/v1/me", &["get"]),
    ("/api/v1/tokens", &["get", "post"]),
    ("/api/v1/tokens/{id}", &["delete"]),
    ("/api/v1/units", &["get", "post"]),
    ("/api/v1/units/{id}", &["get", "put"]),
    ("/api/v1/units/{id}/move", &["post"]),
    ("/api/v1/units/{id}/deactivate", &["post"]),
    ("/api/v1/units/{id}/rollup", &["get"]),
    ("/api/v1/units/{id}/ranking", &["get"]),
    ("/api/v1/users", &["get", "post"]),
    ("/api/v1/users/{id}/move", &["post"]),
    ("/api/v1/users/{id}/deactivate", &["post"]),
    ("/api/v1/users/{id}/password", &["post"]),
    ("/api/v1/meetings", &["get", "post"]),
    ("/api/v1/meetings/{id}", &["get"]),
    ("/api/v1/directives", &["get", "post"]),
    ("/api/v1/directives/{id}", &["get", "put"]),
    ("/api/v1/directives/{id}/issue", &["post"]),
    ("/api/v1/directives/{id}/assignments", &["post"]),
    ("/api/v1/directives/{id}/rollup", &["get"]),
    ("/api/v1/tasks", &["get"]),
    ("/api/v1/tasks/{id}", &["get"]),
    ("/api/v1/tasks/{id}/reports", &["get"]),
    ("/api/v1/tasks/{id}/history", &["get"]),
    ("/api/v1/tasks/{id}/split", &["post"]),
    ("/api/v1/tasks/{id}/acknowledge", &["post"]),
    ("/api/v1/tasks/{id}/decline", &["post"]),
    ("/api/v1/tasks/{id}/progress", &["post"]),
    ("/api/v1/tasks/{id}/complete", &["post"]),
    ("/api/v1/tasks/{id}/accept", &["post"]),
    ("/api/v1/tasks/{id}/return", &["post"]),
    ("/api/v1/tasks/{id}/reassign", &["post"]),
    ("/api/v1/tasks/{id}/cancel", &["post"]),
    ("/api/v1/tasks/{id}/extensions", &["post"]),
    ("/api/v1/extensions/{id}/approve", &["post"]),
    ("/api/v1/extensions/{id}/refuse", &["post"]),
    ("/api/v1/instructions", &["post"]),
    ("/api/v1/inbox", &["get"]),
    ("/api/v1/files/{id}", &["get"]),
    ("/api/v1/drafts", &["post"]),
    ("/api/v1/calendar", &["get"]),
    ("/api/v1/calendar/{day}", &["put", "delete"]),
    ("/api/v1/keyword-rules", &["get", "post"]),
    ("/api/v1/keyword-rules/{id}", &["put", "delete"]),
    ("/api/v1/outbox", &["get"]),
    ("/api/v1/outbox/{id}/retry", &["post"]),
];

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

async fn document() -> (crate::helpers::TestApp, Value) {
    let app = spawn_app().await;
    let doc = app.anonymous().get("/api/openapi.json").await.expect(200);
    (app, doc)
}

#[tokio::test]
async fn the_openapi_document_is_version_3_1_and_lists_every_route_with_exactly_its_methods() {
    let (_app, doc) = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    let documented: BTreeMap<&str, BTreeSet<&str>> = paths
        .iter()
        .map(|(path, item)| (path.as_str(), METHODS.iter().copied().filter(|m| item.get(*m).is_some()).collect()))
        .collect();
    let expected: BTreeMap<&str, BTreeSet<&str>> =
        ROUTES.iter().map(|(path, methods)| (*path, methods.iter().copied().collect())).collect();
    assert_eq!(documented, expected);
}

#[tokio::test]
async fn every_operation_has_a_tag_a_response_and_a_declared_security_scheme() {
    let (_app, doc) = document().await;
    let tags: BTreeSet<&str> =
        doc["tags"].as_array().expect("tags").iter().filter_map(|t| t["name"].as_str()).collect();
    let schemes = doc["components"]["securitySchemes"].as_object().expect("securitySchemes");
    assert!(schemes.contains_key("bearer") && schemes.contains_key("session"), "{schemes:?}");
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(operation) = item.get(method) else { continue };
            let op_tags = operation["tags"].as_array().expect("tags");
            assert!(!op_tags.is_empty(), "{method} {path} has a tag");
            for tag in op_tags {
                assert!(tags.contains(tag.as_str().unwrap_or_default()), "{method} {path}: tag {tag} is declared");
            }
            let responses = operation["responses"].as_object().expect("responses");
            assert!(!responses.is_empty(), "{method} {path} has a response");
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().expect("requirement").keys() {
                    assert!(schemes.contains_key(scheme), "{method} {path}: scheme {scheme} is declared");
                }
            }
            if (path.as_str(), method) != ("/api/v1/session", "post") {
                assert!(
                    operation["security"].as_array().is_some_and(|s| !s.is_empty()),
                    "{method} {path} needs sign-in"
                );
                assert!(responses.contains_key("401"), "{method} {path} documents 401");
            }
        }
    }
}

#[tokio::test]
async fn every_documented_operation_is_served_and_refuses_an_anonymous_caller() {
    let (app, _doc) = document().await;
    let http = reqwest::Client::new();
    for (path, methods) in ROUTES {
        for method in *methods {
            if (*path, *method) == ("/api/v1/session", "post") {
                continue;
            }
            let url = format!("{}{}", app.address, path.replace("{id}", "1").replace("{day}", "2026-10-01"));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let response = http.request(method.clone(), url).json(&serde_json::json!({})).send().await.expect("answer");
            assert_eq!(response.status().as_u16(), 401, "{method} {path}");
        }
    }
}

#[tokio::test]
async fn the_swagger_ui_is_served_from_the_binary_and_points_at_the_document() {
    let app = spawn_app().await;
    let response = reqwest::get(format!("{}/api/docs/", app.address)).await.expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response.headers()["content-type"].to_str().expect("ascii").to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(response.text().await.expect("body").to_lowercase().contains("swagger"));
    let config = reqwest::get(format!("{}/api/docs/swagger-initializer.js", app.address)).await.expect("answer");
    assert_eq!(config.status().as_u16(), 200);
    assert!(config.text().await.expect("body").contains("/api/openapi.json"));
}

#[tokio::test]
async fn the_task_list_status_filter_names_every_task_status_and_the_vocabularies_every_value() {
    use duban::domain::{lifecycle::TaskStatus, vocabulary::Role};
    let (_app, doc) = document().await;
    let parameters = doc["paths"]["/api/v1/tasks"]["get"]["parameters"].as_array().expect("parameters");
    let status = parameters.iter().find(|p| p["name"] == "status").expect("a status parameter");
    let pattern = status["schema"]["pattern"].as_str().expect("a pattern");
    for s in TaskStatus::ALL {
        assert!(pattern.contains(s.as_str()), "{} is missing from {pattern}", s.as_str());
    }
    let roles: Vec<&str> = doc["components"]["schemas"]["Role"]["enum"]
        .as_array()
        .expect("Role is an enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(roles, Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>());
}

#[tokio::test]
async fn every_operation_id_is_unique() {
    let (_app, doc) = document().await;
    let mut seen = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(id) = item.get(method).and_then(|op| op["operationId"].as_str()) else { continue };
            if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId {id} names both {other} and {method} {path}");
            }
        }
    }
}
