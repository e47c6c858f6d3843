//! Evaluation of a condition over one [`Row`], in three-valued logic. The tree is walked
//! with an explicit stack (no recursion over the condition); only a property path
//! (at most [`super::MAX_PATH`] names) is followed recursively.

use super::ast::{self, CmpOp, Expr, Literal, Name, Path};
use super::error::Problem;
use super::like::Pattern;
use super::value::{Lookup, Operand, Relation, Row, relate};
use std::borrow::Cow;
use std::cmp::Ordering;

/// SQL's three truth values. An instance is selected only when its condition is `True`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub(crate) fn from_bool(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }

    pub(crate) fn not(self) -> Self {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// Kleene AND: false wins, then unknown.
    pub(crate) fn and(self, other: Self) -> Self {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }

    /// Kleene OR: true wins, then unknown.
    pub(crate) fn or(self, other: Self) -> Self {
        self.not().and(other.not()).not()
    }
}

/// The outcome for one instance: the truth value, and the first reason (beyond NULL
/// operands) that made a predicate unknown, for the host's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Evaluation {
    pub(crate) truth: Truth,
    pub(crate) problem: Option<Problem>,
}

enum Step<'e> {
    Visit(&'e Expr),
    And(usize),
    Or(usize),
    Not,
}

/// Evaluates `expr` for `row`.
pub(crate) fn evaluate(expr: &Expr, row: &dyn Row) -> Evaluation {
    let mut problem = None;
    let mut work = vec![Step::Visit(expr)];
    let mut values: Vec<Truth> = Vec::new();
    while let Some(step) = work.pop() {
        match step {
            Step::Visit(Expr::And(v)) => {
                work.push(Step::And(v.len()));
                work.extend(v.iter().rev().map(Step::Visit));
            }
            Step::Visit(Expr::Or(v)) => {
                work.push(Step::Or(v.len()));
                work.extend(v.iter().rev().map(Step::Visit));
            }
            Step::Visit(Expr::Not(e)) => {
                work.push(Step::Not);
                work.push(Step::Visit(e));
            }
            Step::Visit(leaf) => {
                let (t, p) = predicate(leaf, row);
                if problem.is_none() {
                    problem = p;
                }
                values.push(t);
            }
            Step::And(n) | Step::Or(n) => {
                let is_and = matches!(step, Step::And(_));
                let start = values.len().saturating_sub(n);
                let t = values
                    .drain(start..)
                    .reduce(|a, b| if is_and { a.and(b) } else { a.or(b) });
                values.push(t.unwrap_or(Truth::Unknown));
            }
            Step::Not => {
                let t = values.pop().unwrap_or(Truth::Unknown);
                values.push(t.not());
            }
        }
    }
    Evaluation {
        truth: values.pop().unwrap_or(Truth::Unknown),
        problem,
    }
}

/// A looked-up operand: a value (possibly `Operand::Null`), or why there is none.
enum Resolved<'a> {
    Value(Operand<'a>),
    Missing(Problem),
}

/// One name of a path on `row`. `__CLASS` is the class name and `__THIS` the instance
/// itself (WMI's system names); anything else is a property.
fn lookup<'r>(row: &'r dyn Row, name: &Name, path: &Path) -> Resolved<'r> {
    if name.matches("__CLASS") {
        return match row.class_name() {
            Some(c) => Resolved::Value(Operand::Str(c)),
            None => Resolved::Missing(Problem::Unreadable(format!("the class name for {path}"))),
        };
    }
    if name.matches("__THIS") {
        return Resolved::Value(Operand::Instance(Box::new(row)));
    }
    match row.get(name.as_str()) {
        Lookup::NoSuchProperty => Resolved::Missing(Problem::NoSuchProperty(path.to_string())),
        Lookup::Null => Resolved::Value(Operand::Null),
        Lookup::Value(v) => Resolved::Value(Operand::from_value(v)),
        Lookup::Unreadable(why) => Resolved::Missing(Problem::Unreadable(format!("{path}: {why}"))),
    }
}

/// Follows `rest` from `row` and hands the result to `f`. A NULL embedded instance on the
/// way makes the result NULL; a value that is not an instance is a type mismatch.
fn with_path<R>(row: &dyn Row, rest: &[Name], path: &Path, f: impl for<'x> FnOnce(Resolved<'x>) -> R) -> R {
    let Some((first, more)) = rest.split_first() else {
        return f(Resolved::Missing(Problem::NoSuchProperty(path.to_string())));
    };
    let r = lookup(row, first, path);
    if more.is_empty() {
        return f(r);
    }
    match r {
        Resolved::Value(Operand::Instance(inner)) => with_path(&*inner, more, path, f),
        Resolved::Value(Operand::Null) => f(Resolved::Value(Operand::Null)),
        Resolved::Value(_) => f(Resolved::Missing(Problem::TypeMismatch(format!(
            "{first} in {path} is not an embedded instance",
            first = first.as_str()
        )))),
        missing => f(missing),
    }
}

fn literal(l: &Literal) -> Operand<'_> {
    match l {
        Literal::Null => Operand::Null,
        Literal::Boolean(b) => Operand::Bool(*b),
        Literal::Integer(i) => Operand::Int(*i),
        Literal::Real(r) => Operand::RealLit(*r),
        Literal::String(s) => Operand::Str(Cow::Borrowed(s)),
    }
}

fn with_operand<R>(row: &dyn Row, op: &ast::Operand, f: impl for<'x> FnOnce(Resolved<'x>) -> R) -> R {
    match op {
        ast::Operand::Literal(l) => f(Resolved::Value(literal(l))),
        ast::Operand::Property(p) => with_path(row, &p.0, p, f),
    }
}

type Outcome = (Truth, Option<Problem>);

fn unknown(p: Problem) -> Outcome {
    (Truth::Unknown, Some(p))
}

fn known(b: bool) -> Outcome {
    (Truth::from_bool(b), None)
}

/// Whether `op` holds for a relation.
fn apply(op: CmpOp, rel: Relation) -> Result<bool, Problem> {
    Ok(match rel {
        Relation::Ordered(o) => match op {
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        },
        Relation::Unordered => op == CmpOp::Ne,
        Relation::EqualityOnly(eq) => match op {
            CmpOp::Eq => eq,
            CmpOp::Ne => !eq,
            _ => {
                return Err(Problem::TypeMismatch(format!(
                    "'{}' on booleans (only = and <> are defined)",
                    op.text()
                )));
            }
        },
    })
}

fn compare(op: CmpOp, l: Resolved<'_>, r: Resolved<'_>) -> Outcome {
    match (l, r) {
        (Resolved::Missing(p), _) | (_, Resolved::Missing(p)) => unknown(p),
        (Resolved::Value(Operand::Null), _) | (_, Resolved::Value(Operand::Null)) => (Truth::Unknown, None),
        (Resolved::Value(a), Resolved::Value(b)) => match relate(&a, &b).and_then(|rel| apply(op, rel)) {
            Ok(v) => known(v),
            Err(p) => unknown(p),
        },
    }
}

fn is_null(r: Resolved<'_>) -> Result<bool, Problem> {
    match r {
        Resolved::Missing(p) => Err(p),
        Resolved::Value(v) => Ok(matches!(v, Operand::Null)),
    }
}

fn like(l: Resolved<'_>, r: Resolved<'_>) -> Outcome {
    let (a, b) = match (l, r) {
        (Resolved::Missing(p), _) | (_, Resolved::Missing(p)) => return unknown(p),
        (Resolved::Value(Operand::Null), _) | (_, Resolved::Value(Operand::Null)) => {
            return (Truth::Unknown, None);
        }
        (Resolved::Value(a), Resolved::Value(b)) => (a, b),
    };
    let Some(text) = a.like_text() else {
        return unknown(Problem::TypeMismatch(
            "LIKE on a value that is not a string".into(),
        ));
    };
    let Operand::Str(pattern) = &b else {
        return unknown(Problem::TypeMismatch("LIKE pattern that is not a string".into()));
    };
    match Pattern::compile(pattern) {
        Ok(p) => known(p.matches(&text)),
        Err(_) => unknown(Problem::InvalidPattern),
    }
}

/// One predicate (a leaf of the tree).
fn predicate(e: &Expr, row: &dyn Row) -> Outcome {
    match e {
        Expr::Compare { op, left, right } => {
            let null_lit = |o: &ast::Operand| matches!(o, ast::Operand::Literal(Literal::Null));
            // `x = NULL` is `x IS NULL`, `x <> NULL` is `x IS NOT NULL` (WMI and OMI agree);
            // any other operator with a NULL literal is unknown.
            let other = match (null_lit(left), null_lit(right)) {
                (true, true) => {
                    return match op {
                        CmpOp::Eq => known(true),
                        CmpOp::Ne => known(false),
                        _ => (Truth::Unknown, None),
                    };
                }
                (true, false) => Some(right),
                (false, true) => Some(left),
                (false, false) => None,
            };
            match other {
                Some(o) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                    with_operand(row, o, |r| match is_null(r) {
                        Ok(null) => known(null == (*op == CmpOp::Eq)),
                        Err(p) => unknown(p),
                    })
                }
                Some(_) => (Truth::Unknown, None),
                None => with_operand(row, left, |l| with_operand(row, right, |r| compare(*op, l, r))),
            }
        }
        Expr::IsNull { operand, negated } => with_operand(row, operand, |r| match is_null(r) {
            Ok(null) => known(null != *negated),
            Err(p) => unknown(p),
        }),
        Expr::Like { value, pattern } => {
            with_operand(row, value, |l| with_operand(row, pattern, |r| like(l, r)))
        }
        Expr::Isa { path, class } => with_path(row, &path.0, path, |r| match r {
            Resolved::Missing(p) => unknown(p),
            Resolved::Value(Operand::Null) => (Truth::Unknown, None),
            Resolved::Value(Operand::Instance(inst)) => known(inst.is_a(class.as_str())),
            Resolved::Value(_) => unknown(Problem::TypeMismatch(format!(
                "ISA on {path}, which is not an instance"
            ))),
        }),
        Expr::And(_) | Expr::Or(_) | Expr::Not(_) => (Truth::Unknown, None),
    }
}
