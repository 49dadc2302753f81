//! Model conformance, for every operation: the core's generated tables say exactly what the
//! model says (read here through `model-reader`, not through the tables), and every constraint
//! of every operation's input has a shared vector that breaks it and is reported at its path
//! with its code (the vectors themselves run in `vectors.rs`).
use model_reader::{Kind, Model};
use partnercentral_selling::model::shapes::{self, ShapeKind};
use partnercentral_selling::{OPERATIONS, operation};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn model() -> Model {
    Model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("model")).unwrap()
}

fn kind(k: Kind) -> ShapeKind {
    match k {
        Kind::Structure => ShapeKind::Structure,
        Kind::Union => ShapeKind::Union,
        Kind::List => ShapeKind::List,
        Kind::Map => ShapeKind::Map,
        Kind::String => ShapeKind::String,
        Kind::Enum => ShapeKind::Enum,
        Kind::Integer => ShapeKind::Integer,
        Kind::Long => ShapeKind::Long,
        Kind::Double => ShapeKind::Double,
        Kind::Boolean => ShapeKind::Boolean,
        Kind::Timestamp => ShapeKind::Timestamp,
    }
}

#[test]
fn the_operation_table_is_the_models() {
    let model = model();
    assert_eq!(OPERATIONS.len(), model.operations.len());
    assert_eq!(OPERATIONS.len(), 63, "botocore 1.44.8 has 63 operations");
    for (op, m) in OPERATIONS.iter().zip(&model.operations) {
        assert_eq!(op.name, m.name);
        assert_eq!(op.target, format!("AWSPartnerCentralSelling.{}", m.name));
        assert_eq!(op.input_shape().name, m.input);
        assert_eq!(op.output_shape().map(|s| s.name), m.output.as_deref());
        assert_eq!(
            op.errors,
            m.errors.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(op.readonly, m.readonly);
        assert_eq!(op.idempotency_token, m.idempotency_token.as_deref());
        match (&op.paginator, &m.paginator) {
            (None, None) => {}
            (Some(p), Some(q)) => {
                assert_eq!(
                    (p.input_token, p.output_token, p.limit_key, p.result_key),
                    (
                        q.input_token.as_str(),
                        q.output_token.as_str(),
                        q.limit_key.as_deref(),
                        q.result_key.as_str()
                    ),
                    "{}",
                    op.name
                );
            }
            other => panic!("{}: paginator {other:?}", op.name),
        }
        assert!(
            !op.documentation.contains('<'),
            "{}: HTML left in the docs",
            op.name
        );
    }
    assert_eq!(
        OPERATIONS.iter().filter(|o| o.paginator.is_some()).count(),
        20
    );
    assert_eq!(
        OPERATIONS
            .iter()
            .filter(|o| o.idempotency_token.is_some())
            .count(),
        13
    );
    let names: BTreeSet<&str> = OPERATIONS.iter().map(|o| o.snake_name).collect();
    assert!(names.contains("list_engagement_invitations"));
    assert_eq!(names.len(), 63);
}

#[test]
fn every_shape_carries_the_models_constraints() {
    let model = model();
    let reachable = model.reachable();
    assert_eq!(shapes::SHAPES.len(), reachable.len());
    for (s, m) in shapes::SHAPES.iter().zip(reachable) {
        assert_eq!(s.name, m.name);
        assert_eq!(s.kind, kind(m.kind), "{}", s.name);
        assert_eq!(s.pattern, m.pattern.as_deref(), "{}", s.name);
        assert_eq!((s.min, s.max), (m.min, m.max), "{}", s.name);
        assert_eq!(
            s.enum_values,
            m.enum_values.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(s.sensitive, m.sensitive, "{}", s.name);
        assert_eq!(s.exception, m.exception, "{}", s.name);
        assert_eq!(
            s.list_member.map(|i| shapes::get(i).name),
            m.list_member.as_deref()
        );
        assert_eq!(s.map_key.map(|i| shapes::get(i).name), m.map_key.as_deref());
        assert_eq!(
            s.map_value.map(|i| shapes::get(i).name),
            m.map_value.as_deref()
        );
        assert_eq!(s.members.len(), m.members.len(), "{}", s.name);
        for (a, b) in s.members.iter().zip(&m.members) {
            assert_eq!(a.name, b.name);
            assert_eq!(shapes::get(a.target).name, b.target);
            assert_eq!(
                (a.required, a.sensitive, a.idempotency_token),
                (b.required, b.sensitive, b.idempotency_token),
                "{}.{}",
                s.name,
                a.name
            );
        }
    }
}

/// Every (operation, constraint) of the model: walked from each input, recursive shapes once.
fn constraints(model: &Model) -> BTreeSet<(String, String, String)> {
    fn walk(
        model: &Model,
        op: &str,
        shape: &str,
        path: &str,
        stack: &mut Vec<String>,
        out: &mut BTreeSet<(String, String, String)>,
    ) {
        let s = model.shape(shape);
        let mut add = |code: &str, at: &str| {
            out.insert((op.to_owned(), at.to_owned(), code.to_owned()));
        };
        if !path.is_empty() {
            add("INVALID_VALUE", path);
        }
        let join = |m: &str| {
            if path.is_empty() {
                m.to_owned()
            } else {
                format!("{path}.{m}")
            }
        };
        match s.kind {
            Kind::Structure | Kind::Union => {
                for m in &s.members {
                    if m.required && !m.idempotency_token {
                        add("REQUIRED_FIELD_MISSING", &join(&m.name));
                    }
                }
                if stack.iter().any(|x| x == shape) {
                    return;
                }
                stack.push(shape.to_owned());
                for m in &s.members {
                    if !stack.contains(&m.target) {
                        walk(model, op, &m.target, &join(&m.name), stack, out);
                    }
                }
                stack.pop();
            }
            Kind::List => {
                if s.min.is_some_and(|m| m > 0) {
                    add("NOT_ENOUGH_VALUES", path);
                }
                if s.max.is_some_and(|m| m <= 100) {
                    add("TOO_MANY_VALUES", path);
                }
                let element = s.list_member.as_deref().unwrap();
                walk(model, op, element, &format!("{path}[0]"), stack, out);
            }
            Kind::Enum => add("INVALID_ENUM_VALUE", path),
            Kind::String
                if s.pattern.is_some() || s.min.is_some_and(|m| m > 0) || s.max.is_some() =>
            {
                add("INVALID_STRING_FORMAT", path)
            }
            Kind::Integer | Kind::Long | Kind::Double if s.min.is_some() || s.max.is_some() => {
                add("VALUE_OUT_OF_RANGE", path)
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for op in &model.operations {
        walk(model, &op.name, &op.input, "", &mut Vec::new(), &mut out);
    }
    out
}

#[test]
fn every_constraint_of_every_input_has_a_vector_that_breaks_it() {
    let model = model();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut covered = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        for case in doc["cases"].as_array().into_iter().flatten() {
            let op = case["operation"].as_str().unwrap();
            assert!(operation(op).is_some(), "{op}");
            for v in case["violations"].as_array().unwrap() {
                let path = v["path"].as_str().unwrap().to_owned();
                covered.insert((op.to_owned(), path, v["code"].as_str().unwrap().to_owned()));
            }
        }
    }
    let wanted = constraints(&model);
    let missing: Vec<_> = wanted.iter().filter(|c| !covered.contains(*c)).collect();
    let mut per_op: BTreeMap<&str, usize> = BTreeMap::new();
    for (op, _, _) in &wanted {
        *per_op.entry(op.as_str()).or_default() += 1;
    }
    assert_eq!(per_op.len(), 63, "every operation has constraints");
    assert!(
        missing.is_empty(),
        "{} of {} constraints have no vector, for example {:?}",
        missing.len(),
        wanted.len(),
        missing.iter().take(10).collect::<Vec<_>>()
    );
}
