//! WQL: the query language of `MI_Session_QueryInstances` (dialect `"WQL"`) and of
//! subscriptions. A pure module: text to a [`Query`], a [`Query`] evaluated over any
//! [`Row`] (an [`InstanceRow`] reads an `MI_Instance` through its own table), and the
//! projection of the selected properties. The rules below are the contract; docs/WQL.md
//! says where each comes from (OMI's `Unix/wql`, Microsoft's WQL documentation, MS-WMI).
//!
//! # Grammar
//!
//! ```text
//! query     := SELECT ( '*' | name {',' name} ) FROM name [WITHIN number] [WHERE cond]
//! cond      := cond OR cond | cond AND cond | NOT cond | '(' cond ')' | predicate
//! predicate := operand cmp operand          cmp: = <> != < <= > >=
//!            | operand LIKE operand
//!            | operand IS [NOT] NULL
//!            | path ISA ( name | string )
//! operand   := literal | path
//! path      := name {'.' name}               (at most MAX_PATH names)
//! literal   := string | integer | real | TRUE | FALSE | NULL
//! ```
//!
//! * Keywords (`SELECT FROM WHERE WITHIN AND OR NOT NULL TRUE FALSE LIKE ISA IS`) and
//!   names are case-insensitive; a keyword cannot be used as a name. Names are CIM names:
//!   a letter, `_` or non-ASCII character, then those or digits.
//! * Precedence `NOT` > `AND` > `OR`; `AND` and `OR` associate left (and are associative).
//! * Strings: `'...'` or `"..."`. A backslash escapes the next character: `\n` `\r` `\t`
//!   are control characters, any other `\c` is `c` (so `\\`, `\'`, `\"`). The same holds
//!   inside `LIKE` patterns.
//! * Integers: decimal or `0x` hex, with an optional sign, from -2^63 to 2^64-1. Reals:
//!   `digits.[digits]` and/or an exponent (`1.5`, `2.`, `1e-3`, `1.5E+20`), finite.
//! * Either side of a comparison may be a property or a literal (property-to-property
//!   comparisons are allowed, as in OMI; WMI refuses them).
//! * `WITHIN n` (event queries) is parsed and kept for the host; `GROUP`, `HAVING`,
//!   `ASSOCIATORS OF` and `REFERENCES OF` are refused as not supported.
//! * Limits: [`MAX_QUERY_BYTES`] of text, [`MAX_DEPTH`] levels of condition tree,
//!   [`MAX_PATH`] names in a path. Parsing and evaluation use explicit stacks, never
//!   recursion over the condition.
//! * Any error is a [`WqlError`] (character position and message); the host answers it
//!   with [`WqlError::result_code`], `MI_RESULT_INVALID_QUERY`.
//!
//! # Evaluation
//!
//! Three-valued logic ([`Truth`]): an instance is selected only when the condition is
//! `True`. `AND`/`OR`/`NOT` are Kleene's (`NOT unknown` is unknown). A predicate is
//! *unknown* when an operand is NULL, when the instance has no such property, when the
//! operands cannot be compared, or when a value cannot be read; [`Evaluation::problem`]
//! says why (beyond NULL) for the host's log. Nothing in evaluation is an error.
//!
//! * `x IS NULL`, `x = NULL`, `NULL = x` are true when `x` is NULL; `IS NOT NULL`,
//!   `x <> NULL` the opposite; `NULL = NULL` is true. Any other operator with a NULL
//!   literal, and any comparison with a NULL property value, is unknown.
//! * A path through an embedded instance that is NULL is NULL; through a value that is not
//!   an instance, unknown. `__CLASS` is the class name of the instance (or of the embedded
//!   instance before it on the path); `__THIS` is the instance itself (`__THIS ISA 'X'`).
//! * Integers of every width and sign compare exactly as integers. Integers against reals
//!   compare exactly. A real literal against an `MI_REAL32` is first rounded to `f32`.
//!   NaN: only `<>` is true.
//! * Booleans: `=` and `<>` only (`<` is unknown); `TRUE`/`FALSE` equal `1`/`0`.
//! * Strings compare case-insensitively (`<` by lower-cased characters).
//! * A string against a number, boolean or datetime is read as one (number syntax as
//!   above; `'true'`/`'false'`; a DMTF datetime); if it cannot be, unknown.
//! * `MI_CHAR16` compares as its UTF-16 code unit: with integers numerically, with
//!   strings ordinally and case-sensitively.
//! * `MI_DATETIME`: timestamps compare as instants (UTC offsets applied), intervals as
//!   durations, against DMTF strings (25 characters, no `*` wildcards); a timestamp
//!   against an interval is unknown.
//! * References, embedded instances and arrays compare with nothing (only `IS [NOT]
//!   NULL`, and `ISA` for references and instances).
//! * `LIKE` (see `like.rs`): `%`, `_`, `[set]`, `[a-z]`, `[^set]`, no escape character,
//!   case-insensitive; on strings, on `MI_CHAR16` as a one-character string, and on
//!   datetimes as DMTF text. A pattern literal with an unclosed `[` is a parse error.
//! * `ISA`: true when the embedded instance's class (`GetClassName`) or any class on its
//!   `classDecl` → `superClassDecl` chain has that name.
//! * The `FROM` class is not checked against each instance (the host asks the provider of
//!   that class, as OMI does).
//!
//! # Projection
//!
//! [`Query::keeps`]: `SELECT *` keeps every element; a property list keeps the elements
//! it names (case-insensitive) and no others, keys included (as OMI).
//! [`Query::referenced_properties`] lists the properties a query names, for checking them
//! against a class declaration first (OMI refuses unknown ones as an invalid query).

mod ast;
mod error;
mod eval;
mod instance_row;
mod lexer;
mod like;
mod parser;
mod value;

pub(crate) use ast::{CmpOp, Expr, Literal, Name, Operand, Path, Query};
pub(crate) use error::{ErrorKind, Problem, WqlError};
pub(crate) use eval::{Evaluation, Truth, evaluate};
pub(crate) use instance_row::InstanceRow;
pub(crate) use value::{Datetime, Lookup, Row, Value};

/// Longest query text accepted, in bytes of UTF-8.
pub(crate) const MAX_QUERY_BYTES: usize = 64 * 1024;
/// Most levels of the condition tree (a predicate is one level; `NOT`, and each `AND` or
/// `OR` list, add one).
pub(crate) const MAX_DEPTH: usize = 256;
/// Most names in a property path (`A.B.C` is three).
pub(crate) const MAX_PATH: usize = 16;

impl Query {
    /// Parses a WQL query.
    pub(crate) fn parse(text: &str) -> Result<Query, WqlError> {
        parser::parse(text)
    }

    /// The condition's value for `row` (`True` when there is no `WHERE`).
    pub(crate) fn evaluate(&self, row: &dyn Row) -> Evaluation {
        match &self.condition {
            Some(c) => evaluate(c, row),
            None => Evaluation {
                truth: Truth::True,
                problem: None,
            },
        }
    }

    /// Whether `row` is selected.
    pub(crate) fn matches(&self, row: &dyn Row) -> bool {
        self.evaluate(row).truth == Truth::True
    }

    /// The instance's own properties the query names, in order of first use and without
    /// repeats (case-insensitive): the `SELECT` list, then the first name of every path in
    /// the condition, leaving out `__CLASS` and `__THIS`. The host can check them against
    /// a class declaration before calling the provider (OMI refuses a query naming a
    /// property its class lacks with `MI_RESULT_INVALID_QUERY`).
    pub(crate) fn referenced_properties(&self) -> Vec<&Name> {
        fn add<'q>(out: &mut Vec<&'q Name>, n: &'q Name) {
            let system = n.matches("__CLASS") || n.matches("__THIS");
            if !system && !out.iter().any(|o| o.matches(n.as_str())) {
                out.push(n);
            }
        }
        fn add_operand<'q>(out: &mut Vec<&'q Name>, o: &'q Operand) {
            if let Operand::Property(p) = o
                && let Some(first) = p.0.first()
            {
                add(out, first);
            }
        }
        let mut out = Vec::new();
        for n in self.properties.iter().flatten() {
            add(&mut out, n);
        }
        let mut work: Vec<&Expr> = self.condition.iter().collect();
        while let Some(e) = work.pop() {
            match e {
                // Pushed in reverse so names come out in the order written.
                Expr::And(v) | Expr::Or(v) => work.extend(v.iter().rev()),
                Expr::Not(inner) => work.push(inner),
                Expr::Compare { left, right, .. } => {
                    add_operand(&mut out, left);
                    add_operand(&mut out, right);
                }
                Expr::Like { value, pattern } => {
                    add_operand(&mut out, value);
                    add_operand(&mut out, pattern);
                }
                Expr::IsNull { operand, .. } => add_operand(&mut out, operand),
                Expr::Isa { path, .. } => {
                    if let Some(first) = path.0.first() {
                        add(&mut out, first);
                    }
                }
            }
        }
        out
    }

    /// Whether the element `name` stays in a result instance.
    pub(crate) fn keeps(&self, name: &str) -> bool {
        match &self.properties {
            None => true,
            Some(names) => names.iter().any(|n| n.matches(name)),
        }
    }
}

/// The fuzz target's body: parse `data` (as text, lossily) and, when it parses, evaluate it
/// against a fixed row, print it and parse the printed text again. Panics only when
/// printing does not read back as the same query.
pub fn fuzz_one(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(q) = Query::parse(&text) else {
        return;
    };
    let row = fixed::FixedRow::sample();
    let _ = q.evaluate(&row);
    let _ = q.keeps("Name");
    let _ = q.referenced_properties();
    let printed = q.to_string();
    if printed.len() > MAX_QUERY_BYTES {
        // Printing can be longer than the input (hex turned decimal, added spaces).
        return;
    }
    match Query::parse(&printed) {
        Ok(again) => assert!(again == q, "printed query reads back differently: {printed}"),
        Err(e) => panic!("printed query does not parse ({e}): {printed}"),
    }
}

/// A small in-memory row (for the fuzz target and tests).
pub(crate) mod fixed {
    use super::{Datetime, Lookup, Row, Value};
    use crate::strings;
    use std::borrow::Cow;

    /// A property value of a [`FixedRow`].
    #[derive(Debug, Clone)]
    pub(crate) enum Val {
        Null,
        Bool(bool),
        U64(u64),
        I64(i64),
        R32(f32),
        R64(f64),
        C16(u16),
        Str(String),
        Dt(Datetime),
        Inst(Box<FixedRow>),
        Ref(Box<FixedRow>),
        Array,
        Unreadable,
    }

    #[derive(Debug, Clone)]
    pub(crate) struct FixedRow {
        pub(crate) class: String,
        /// This class and its superclasses, nearest first.
        pub(crate) lineage: Vec<String>,
        pub(crate) props: Vec<(String, Val)>,
    }

    impl FixedRow {
        pub(crate) fn new(class: &str, supers: &[&str], props: Vec<(&str, Val)>) -> Self {
            let mut lineage = vec![class.to_owned()];
            lineage.extend(supers.iter().map(|s| (*s).to_owned()));
            FixedRow {
                class: class.to_owned(),
                lineage,
                props: props.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
            }
        }

        /// One property of every kind, and an embedded instance.
        pub(crate) fn sample() -> Self {
            let inner = FixedRow::new(
                "Sample_Part",
                &["Sample_Base"],
                vec![("Name", Val::Str("part".into())), ("Size", Val::U64(7))],
            );
            FixedRow::new(
                "Sample_Thing",
                &["Sample_Base", "CIM_ManagedElement"],
                vec![
                    ("Name", Val::Str("Thing One".into())),
                    ("Count", Val::U64(42)),
                    ("Delta", Val::I64(-5)),
                    ("Ratio", Val::R64(0.5)),
                    ("Small", Val::R32(0.1)),
                    ("Enabled", Val::Bool(true)),
                    ("Letter", Val::C16(u16::from(b'q'))),
                    ("Missing", Val::Null),
                    (
                        "Since",
                        Val::Dt(Datetime::Timestamp {
                            year: 2024,
                            month: 2,
                            day: 29,
                            hour: 12,
                            minute: 0,
                            second: 0,
                            microseconds: 0,
                            utc: 60,
                        }),
                    ),
                    ("Part", Val::Inst(Box::new(inner.clone()))),
                    ("Owner", Val::Ref(Box::new(inner))),
                    ("Tags", Val::Array),
                    ("Broken", Val::Unreadable),
                ],
            )
        }
    }

    impl Row for FixedRow {
        fn class_name(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(&self.class))
        }

        fn is_a(&self, class: &str) -> bool {
            self.lineage.iter().any(|c| strings::cim_eq(c, class))
        }

        fn get(&self, name: &str) -> Lookup<'_> {
            let Some((_, v)) = self.props.iter().find(|(n, _)| strings::cim_eq(n, name)) else {
                return Lookup::NoSuchProperty;
            };
            Lookup::Value(match v {
                Val::Null => return Lookup::Null,
                Val::Unreadable => return Lookup::Unreadable("test value".into()),
                Val::Bool(b) => Value::Boolean(*b),
                Val::U64(u) => Value::Unsigned(*u),
                Val::I64(i) => Value::Signed(*i),
                Val::R32(r) => Value::Real32(*r),
                Val::R64(r) => Value::Real64(*r),
                Val::C16(c) => Value::Char16(*c),
                Val::Str(s) => Value::String(Cow::Borrowed(s)),
                Val::Dt(d) => Value::Datetime(*d),
                Val::Inst(r) => Value::Instance(Box::new(r.as_ref())),
                Val::Ref(r) => Value::Reference(Box::new(r.as_ref())),
                Val::Array => Value::Array,
            })
        }
    }
}

#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod tests;
