//! Open311 GeoReport v2 conformance, over both formats: the shapes and names of the
//! specification, its error bodies and codes, and the same data in XML and JSON.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let res = app.get(&format!("/open311/v2/{path}")).await;
    let status = res.status();
    let content_type = res.headers()["content-type"].to_str().unwrap().to_string();
    (status, content_type, res.text().await.unwrap())
}

/// Every text of `<tag>` elements, in order.
fn xml_values(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open).skip(1).map(|rest| rest.split(&close).next().unwrap().to_string()).collect()
}

fn xml_ok(xml: &str) {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), "{xml:.200}");
}

#[tokio::test]
async fn discovery_and_services_speak_the_specification_in_both_formats() {
    let app = spawn_app().await;

    let (status, ct, body) = fetch(&app, "discovery.json").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/json; charset=utf-8"));
    let d: Value = serde_json::from_str(&body).unwrap();
    let endpoint = &d["endpoints"][0];
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(endpoint["url"].as_str().unwrap(), format!("{}/open311/v2", app.base));
    assert_eq!(endpoint["formats"], serde_json::json!(["text/xml", "application/json"]));
    assert!(d["contact"].as_str().unwrap().contains("Karangbawang"));
    let (status, ct, xml) = fetch(&app, "discovery.xml").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "text/xml; charset=utf-8"));
    xml_ok(&xml);
    assert!(xml.contains("<discovery><changeset>"));
    assert_eq!(xml_values(&xml, "url"), [endpoint["url"].as_str().unwrap()]);
    assert_eq!(xml_values(&xml, "format"), ["text/xml", "application/json"]);
    assert_eq!(xml_values(&xml, "changeset")[0], d["changeset"].as_str().unwrap());

    let (status, _, body) = fetch(&app, "services.json").await;
    assert_eq!(status, StatusCode::OK);
    let services: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert!(services.len() >= 5);
    for s in &services {
        assert!(s["service_code"].is_string() && s["service_name"].is_string(), "codes are strings: {s}");
        assert_eq!((s["metadata"].as_bool(), s["type"].as_str()), (Some(false), Some("realtime")));
        assert!(!s["keywords"].as_str().unwrap().is_empty() && !s["group"].as_str().unwrap().is_empty());
    }
    let (_, _, xml) = fetch(&app, "services.xml").await;
    xml_ok(&xml);
    assert!(xml.contains("<services><service><service_code>"));
    let json_codes: Vec<&str> = services.iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    assert_eq!(xml_values(&xml, "service_code"), json_codes, "the same services in both formats");
    let json_groups: Vec<&str> = services.iter().map(|s| s["group"].as_str().unwrap()).collect();
    assert_eq!(xml_values(&xml, "group"), json_groups);
    let (_, _, english) = fetch(&app, "services.json?lang=en").await;
    assert!(english.contains("Administrative services") || english.contains("Simple services"));

    let (status, _, body) = fetch(&app, "services/surat.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        serde_json::json!({"service_code": "surat", "attributes": []})
    );
    let (_, _, xml) = fetch(&app, "services/surat.xml").await;
    xml_ok(&xml);
    assert!(xml.contains("<service_definition><service_code>surat</service_code><attributes/></service_definition>"));
}

#[tokio::test]
async fn errors_are_the_specifications_list_with_the_right_status() {
    let app = spawn_app().await;
    let (status, ct, body) = fetch(&app, "services/tidak-ada.json").await;
    assert_eq!((status, ct.as_str()), (StatusCode::NOT_FOUND, "application/json; charset=utf-8"));
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(errors[0]["code"], 404);
    assert!(errors[0]["description"].as_str().unwrap().contains("tidak-ada"));
    let (status, _, xml) = fetch(&app, "services/tidak-ada.xml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    xml_ok(&xml);
    assert!(xml.contains("<errors><error><code>404</code><description>"));
    let (status, _, body) = fetch(&app, "services.csv").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["code"], 400);
    let (status, _, xml) = fetch(&app, "nothing.xml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(xml.contains("<errors>"));
}
