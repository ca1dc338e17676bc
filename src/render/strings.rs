//! The edition's interface strings and dates in templates: `{{ t(k="contents") }}`
//! (other arguments are the message's: `t(k="results", n=3)`) and
//! `{{ date.iso | ldate }}`; `ui_json()` is the JSON of the strings the scripts write
//! (model::strings::runtime), for base.html's `<template id="d_ui">`.
//! Registered per edition (each edition has its own Tera).

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::FluentValue;
use tera::{Tera, Value};

use crate::dates::PartialDate;
use crate::model::strings::Strings;

/// Registers `t`, `ldate` and `ui_json` on `tera` for `strings`.
pub fn register(tera: &mut Tera, strings: &Arc<Strings>) {
    let s = strings.clone();
    tera.register_function("ui_json", move |_: &HashMap<String, Value>| {
        Ok(Value::String(s.runtime_json().to_string()))
    });
    let s = strings.clone();
    tera.register_function("t", move |args: &HashMap<String, Value>| {
        let Some(key) = args.get("k").and_then(Value::as_str) else {
            return Err(tera::Error::msg(
                "t() needs k=\"key\", the name of an interface string",
            ));
        };
        let mut named: Vec<(&str, FluentValue<'_>)> = vec![];
        let mut keys: Vec<&String> = args.keys().filter(|k| k.as_str() != "k").collect();
        keys.sort();
        for k in keys {
            let v = match &args[k] {
                Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
                Value::String(t) => FluentValue::from(t.as_str()),
                other => FluentValue::from(other.to_string()),
            };
            named.push((k.as_str(), v));
        }
        Ok(Value::String(s.with(key, &named)))
    });
    let s = strings.clone();
    tera.register_filter("ldate", move |v: &Value, _: &HashMap<String, Value>| {
        let text = v.as_str().unwrap_or_default();
        Ok(Value::String(match PartialDate::parse(text) {
            Ok(d) => s.date(d),
            Err(_) => text.to_string(),
        }))
    });
}
