//! The OpenAPI document describes exactly the routes the app serves, and the Swagger UI is
//! served from the binary.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::helpers::spawn_app;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

async fn document() -> (crate::helpers::TestApp, Value) {
    let app = spawn_app().await;
    let doc = app.anonymous().get("/api/openapi.json").await.expect(200);
    (app, doc)
}

/// The methods a route answers when it is declared; HEAD, OPTIONS and TRACE are left out
/// (axum answers HEAD wherever GET is served).
const DECLARED: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// The router and the document come from the same declarations (`web::api::routes`); this
/// reads the document and asks the running app for each path with every method: a documented
/// one is served (401 to an anonymous caller, as it needs sign-in), any other is 405.
#[tokio::test]
async fn the_openapi_document_is_version_3_1_and_the_app_serves_exactly_its_routes_and_methods() {
    let (app, doc) = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() > 40, "{} paths", paths.len());
    let http = reqwest::Client::new();
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        let url = format!("{}{}", app.address, path.replace("{id}", "1").replace("{day}", "2026-10-01"));
        for method in DECLARED {
            let documented = item.get(method).is_some();
            if (path.as_str(), method) == ("/api/v1/session", "post") {
                continue;
            }
            let verb = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let response = http.request(verb, &url).json(&serde_json::json!({})).send().await.expect("answer");
            let expected = if documented { 401 } else { 405 };
            assert_eq!(response.status().as_u16(), expected, "{method} {path} (documented: {documented})");
        }
    }
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
