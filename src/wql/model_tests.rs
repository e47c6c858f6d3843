//! Property tests: random conditions over a few typed properties (with random values,
//! NULL included) are printed as WQL, parsed and evaluated, and the result is compared
//! with a direct evaluation of the generated tree by a small independent model; random
//! queries of every shape print and parse back to the same tree.

use super::fixed::{FixedRow, Val};
use super::lexer::is_keyword;
use super::*;
use proptest::prelude::*;

/// A value as the model sees it.
#[derive(Debug, Clone, PartialEq)]
enum M {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    Str(String),
}

/// The properties of the model row: name and the kind of value it holds.
const PROPS: [(&str, u8); 5] = [("U", 0), ("I", 1), ("R", 2), ("B", 3), ("S", 4)];

fn value_of(kind: u8) -> BoxedStrategy<M> {
    let some = match kind {
        0 => (0i64..6).prop_map(M::Int).boxed(),
        1 => (-3i64..4).prop_map(M::Int).boxed(),
        2 => prop::sample::select(vec![-1.5, 0.0, 0.5, 2.0, 3.0])
            .prop_map(M::Real)
            .boxed(),
        3 => any::<bool>().prop_map(M::Bool).boxed(),
        _ => text().prop_map(M::Str).boxed(),
    };
    prop_oneof![1 => Just(M::Null), 4 => some].boxed()
}

/// Short strings over letters of both cases, digits and a minus (so some read as numbers).
fn text() -> impl Strategy<Value = String> {
    "[aAbB1-]{0,3}"
}

fn literal() -> impl Strategy<Value = M> {
    prop_oneof![
        1 => Just(M::Null),
        3 => (-3i64..6).prop_map(M::Int),
        2 => prop::sample::select(vec![-1.5, 0.0, 0.5, 2.0, 2.5]).prop_map(M::Real),
        2 => any::<bool>().prop_map(M::Bool),
        3 => text().prop_map(M::Str),
    ]
}

fn to_literal(m: &M) -> Literal {
    match m {
        M::Null => Literal::Null,
        M::Int(i) => Literal::Integer((*i).into()),
        M::Real(r) => Literal::Real(*r),
        M::Bool(b) => Literal::Boolean(*b),
        M::Str(s) => Literal::String(s.clone()),
    }
}

fn prop_operand() -> impl Strategy<Value = Operand> {
    (0..PROPS.len()).prop_map(|i| Operand::Property(Path(vec![Name::new(PROPS[i].0)])))
}

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        3 => prop_operand(),
        2 => literal().prop_map(|m| Operand::Literal(to_literal(&m))),
    ]
}

fn op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ])
}

/// A pattern over `aAb`, `%`, `_` and small sets.
fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "A", "b", "1", "%", "_", "[ab]", "[^a]", "[a-b]"]),
        0..4,
    )
    .prop_map(|parts| parts.concat())
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        6 => (op(), operand(), operand()).prop_map(|(op, left, right)| Expr::Compare { op, left, right }),
        2 => (operand(), pattern()).prop_map(|(value, p)| Expr::Like {
            value,
            pattern: Operand::Literal(Literal::String(p)),
        }),
        2 => (operand(), any::<bool>()).prop_map(|(operand, negated)| Expr::IsNull { operand, negated }),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

// ---- the model -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum T3 {
    T,
    F,
    U,
}

fn t3(b: bool) -> T3 {
    if b { T3::T } else { T3::F }
}

fn model_operand(o: &Operand, row: &[M]) -> M {
    match o {
        Operand::Literal(Literal::Null) => M::Null,
        Operand::Literal(Literal::Integer(i)) => M::Int(*i as i64),
        Operand::Literal(Literal::Real(r)) => M::Real(*r),
        Operand::Literal(Literal::Boolean(b)) => M::Bool(*b),
        Operand::Literal(Literal::String(s)) => M::Str(s.clone()),
        Operand::Property(p) => {
            let i = PROPS.iter().position(|(n, _)| *n == p.0[0].as_str()).unwrap();
            row[i].clone()
        }
    }
}

/// A string as the model reads it for a numeric comparison.
fn model_number(s: &str) -> Option<f64> {
    s.parse::<i64>().ok().map(|i| i as f64)
}

/// `Some(ordering)` for comparable values, `None` for unknown; booleans give `Equal` or
/// `Less` and mark `eq_only`.
fn model_cmp(a: &M, b: &M) -> Option<(std::cmp::Ordering, bool)> {
    use M::*;
    let num = |m: &M| match m {
        Int(i) => Some(*i as f64),
        Real(r) => Some(*r),
        _ => None,
    };
    match (a, b) {
        (Bool(x), Bool(y)) => Some((
            if x == y {
                std::cmp::Ordering::Equal
            } else {
                std::cmp::Ordering::Less
            },
            true,
        )),
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => Some((
            if i64::from(*x) == *y {
                std::cmp::Ordering::Equal
            } else {
                std::cmp::Ordering::Less
            },
            true,
        )),
        (Bool(x), Str(s)) | (Str(s), Bool(x)) => {
            let v = match s.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => return None,
            };
            model_cmp(&Bool(*x), &Bool(v))
        }
        (Str(x), Str(y)) => Some((x.to_lowercase().cmp(&y.to_lowercase()), false)),
        (Str(s), other) if num(other).is_some() => {
            let n = model_number(s)?;
            Some((n.partial_cmp(&num(other)?)?, false))
        }
        (other, Str(s)) if num(other).is_some() => {
            let n = model_number(s)?;
            Some((num(other)?.partial_cmp(&n)?, false))
        }
        _ => Some((num(a)?.partial_cmp(&num(b)?)?, false)),
    }
}

/// Naive recursive LIKE over ASCII (the model's own matcher).
fn model_like(p: &[u8], s: &[u8]) -> bool {
    let up = |c: u8| c.to_ascii_uppercase();
    match p.first() {
        None => s.is_empty(),
        Some(b'%') => (0..=s.len()).any(|k| model_like(&p[1..], &s[k..])),
        Some(b'_') => !s.is_empty() && model_like(&p[1..], &s[1..]),
        Some(b'[') => {
            let close = p.iter().position(|&c| c == b']').unwrap();
            let set = &p[1..close];
            let Some(&c) = s.first() else { return false };
            let (neg, set) = match set.first() {
                Some(b'^') => (true, &set[1..]),
                _ => (false, set),
            };
            let inside = if set.len() == 3 && set[1] == b'-' {
                up(set[0]) <= up(c) && up(c) <= up(set[2])
            } else {
                set.iter().any(|&x| up(x) == up(c))
            };
            inside != neg && model_like(&p[close + 1..], &s[1..])
        }
        Some(&c) => s.first().is_some_and(|&x| up(x) == up(c)) && model_like(&p[1..], &s[1..]),
    }
}

fn model(e: &Expr, row: &[M]) -> T3 {
    match e {
        Expr::And(v) => {
            let ts: Vec<T3> = v.iter().map(|c| model(c, row)).collect();
            if ts.contains(&T3::F) {
                T3::F
            } else if ts.contains(&T3::U) {
                T3::U
            } else {
                T3::T
            }
        }
        Expr::Or(v) => {
            let ts: Vec<T3> = v.iter().map(|c| model(c, row)).collect();
            if ts.contains(&T3::T) {
                T3::T
            } else if ts.contains(&T3::U) {
                T3::U
            } else {
                T3::F
            }
        }
        Expr::Not(inner) => match model(inner, row) {
            T3::T => T3::F,
            T3::F => T3::T,
            T3::U => T3::U,
        },
        Expr::IsNull { operand, negated } => t3((model_operand(operand, row) == M::Null) != *negated),
        Expr::Compare { op, left, right } => {
            let lit_null = |o: &Operand| matches!(o, Operand::Literal(Literal::Null));
            if lit_null(left) || lit_null(right) {
                let both = lit_null(left) && lit_null(right);
                let other = if lit_null(left) { right } else { left };
                let null = both || model_operand(other, row) == M::Null;
                return match op {
                    CmpOp::Eq => t3(null),
                    CmpOp::Ne => t3(!null),
                    _ => T3::U,
                };
            }
            let (a, b) = (model_operand(left, row), model_operand(right, row));
            if a == M::Null || b == M::Null {
                return T3::U;
            }
            let Some((o, eq_only)) = model_cmp(&a, &b) else {
                return T3::U;
            };
            use std::cmp::Ordering::*;
            match op {
                CmpOp::Eq => t3(o == Equal),
                CmpOp::Ne => t3(o != Equal),
                _ if eq_only => T3::U,
                CmpOp::Lt => t3(o == Less),
                CmpOp::Le => t3(o != Greater),
                CmpOp::Gt => t3(o == Greater),
                CmpOp::Ge => t3(o != Less),
            }
        }
        Expr::Like { value, pattern } => match (model_operand(value, row), model_operand(pattern, row)) {
            (M::Str(s), M::Str(p)) => t3(model_like(p.as_bytes(), s.as_bytes())),
            _ => T3::U,
        },
        Expr::Isa { .. } => unreachable!("not generated"),
    }
}

fn row_of(values: &[M]) -> FixedRow {
    let props = PROPS
        .iter()
        .zip(values)
        .map(|((name, _), v)| {
            let val = match v {
                M::Null => Val::Null,
                M::Int(i) if *i >= 0 && name == &"U" => Val::U64(*i as u64),
                M::Int(i) => Val::I64(*i),
                M::Real(r) => Val::R64(*r),
                M::Bool(b) => Val::Bool(*b),
                M::Str(s) => Val::Str(s.clone()),
            };
            (*name, val)
        })
        .collect();
    FixedRow::new("Model_Row", &[], props)
}

fn row_values() -> impl Strategy<Value = Vec<M>> {
    (value_of(0), value_of(1), value_of(2), value_of(3), value_of(4))
        .prop_map(|(a, b, c, d, e)| vec![a, b, c, d, e])
}

// ---- random queries of every shape, for printing ---------------------------------------

fn name() -> impl Strategy<Value = Name> {
    "[A-Za-z_][A-Za-z0-9_]{0,5}|[ÄéÆ][a-zß]{0,3}"
        .prop_filter("not a keyword", |s| !is_keyword(s))
        .prop_map(|s| Name::new(&s))
}

fn any_literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        Just(Literal::Null),
        any::<bool>().prop_map(Literal::Boolean),
        (i64::MIN as i128..=u64::MAX as i128).prop_map(Literal::Integer),
        any::<f64>()
            .prop_filter("finite", |r| r.is_finite())
            .prop_map(Literal::Real),
        any::<String>().prop_map(Literal::String),
    ]
}

fn any_path() -> impl Strategy<Value = Path> {
    prop::collection::vec(name(), 1..4).prop_map(Path)
}

fn any_operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        any_literal().prop_map(Operand::Literal),
        any_path().prop_map(Operand::Property)
    ]
}

fn any_leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (op(), any_operand(), any_operand()).prop_map(|(op, left, right)| Expr::Compare { op, left, right }),
        (any_operand(), any_operand()).prop_map(|(value, pattern)| Expr::Like { value, pattern }),
        (any_operand(), any::<bool>()).prop_map(|(operand, negated)| Expr::IsNull { operand, negated }),
        (any_path(), name()).prop_map(|(path, class)| Expr::Isa { path, class }),
    ]
    .prop_filter("literal LIKE patterns are closed", |e| match e {
        Expr::Like {
            pattern: Operand::Literal(Literal::String(p)),
            ..
        } => like::Pattern::compile(p).is_ok(),
        _ => true,
    })
}

fn any_query() -> impl Strategy<Value = Query> {
    let cond = any_leaf().prop_recursive(5, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..5).prop_map(Expr::And),
            prop::collection::vec(inner.clone(), 2..5).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    });
    (
        prop::option::of(prop::collection::vec(name(), 1..4)),
        name(),
        prop::option::of(prop_oneof![(1u32..1000).prop_map(f64::from), (0.001f64..1e6)]),
        prop::option::of(cond),
    )
        .prop_map(|(properties, class, within, condition)| Query {
            properties,
            class,
            within,
            condition,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_matches_the_model(e in expr(), values in row_values()) {
        let query = Query {
            properties: None,
            class: Name::new("Model_Row"),
            within: None,
            condition: Some(e.clone()),
        };
        let text = query.to_string();
        let parsed = Query::parse(&text).map_err(|err| TestCaseError::fail(format!("{text}: {err}")))?;
        prop_assert_eq!(&parsed, &query, "{}", text);
        let got = match parsed.evaluate(&row_of(&values)).truth {
            Truth::True => T3::T,
            Truth::False => T3::F,
            Truth::Unknown => T3::U,
        };
        prop_assert_eq!(got, model(&e, &values), "{} over {:?}", text, values);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_parsing_gives_the_same_query(query in any_query()) {
        let text = query.to_string();
        let parsed = Query::parse(&text).map_err(|err| TestCaseError::fail(format!("{text}: {err}")))?;
        prop_assert_eq!(parsed, query, "{}", text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}|(SELECT|\\*|FROM|WHERE|NOT|AND|OR|\\(|\\)|=|<>|LIKE|ISA|IS|NULL|'[a%_\\[]{0,3}'|[0-9.eEx+-]{1,4}|A|B\\.C| ){0,24}") {
        if let Ok(q) = Query::parse(&text) {
            let _ = q.evaluate(&FixedRow::sample());
            let again = Query::parse(&q.to_string());
            prop_assert_eq!(again.ok(), Some(q));
        }
    }
}
