//! The parsed form of a query, and its printing back to WQL text (`Display`): printing and
//! parsing again gives the same tree (`AND` / `OR` lists written inside one another keep
//! their parentheses).

use crate::strings;
use std::fmt::{self, Write};

/// A CIM name as written in the query (comparisons with it are case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name(pub(crate) String);

impl Name {
    pub(crate) fn new(s: &str) -> Self {
        Name(s.to_owned())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` names the same thing (CIM names are case-insensitive).
    pub(crate) fn matches(&self, other: &str) -> bool {
        strings::cim_eq(&self.0, other)
    }
}

/// `SELECT properties FROM class [WITHIN seconds] [WHERE condition]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    /// `None` for `SELECT *`; otherwise the names in the order written (duplicates kept).
    pub(crate) properties: Option<Vec<Name>>,
    pub(crate) class: Name,
    /// The polling interval of an event query (`WITHIN 10`), in seconds. Parsed and kept for
    /// the host; the evaluator does not use it.
    pub(crate) within: Option<f64>,
    pub(crate) condition: Option<Expr>,
}

/// A property, possibly inside embedded instances: `Name`, `TargetInstance.Name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path(pub(crate) Vec<Name>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    /// `<>` or `!=`.
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub(crate) fn text(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "<>",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Null,
    Boolean(bool),
    /// Any integer from `-2^63` to `2^64 - 1`.
    Integer(i128),
    /// Always finite.
    Real(f64),
    String(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Literal(Literal),
    Property(Path),
}

/// A condition. `And` and `Or` hold two or more operands; a chain `a AND b AND c` is one
/// `And`, so a long chain does not make the tree deep.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Compare {
        op: CmpOp,
        left: Operand,
        right: Operand,
    },
    Like {
        value: Operand,
        pattern: Operand,
    },
    /// `operand IS NULL`, or `IS NOT NULL` when `negated`.
    IsNull {
        operand: Operand,
        negated: bool,
    },
    /// `path ISA 'Class'`.
    Isa {
        path: Path,
        class: Name,
    },
}

impl Expr {
    /// Levels of the tree (a predicate is 1).
    pub(crate) fn depth(&self) -> usize {
        match self {
            Expr::And(v) | Expr::Or(v) => 1 + v.iter().map(Expr::depth).max().unwrap_or(0),
            Expr::Not(e) => 1 + e.depth(),
            _ => 1,
        }
    }
}

/// Writes `s` as a single-quoted WQL string literal that reads back as `s`.
pub(crate) fn write_string(f: &mut impl Write, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\'' => f.write_str("\\'")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("NULL"),
            Literal::Boolean(true) => f.write_str("TRUE"),
            Literal::Boolean(false) => f.write_str("FALSE"),
            Literal::Integer(i) => write!(f, "{i}"),
            // `{:?}` is the shortest text that reads back as the same f64 ("0.1", "1e300").
            Literal::Real(r) => write!(f, "{r:?}"),
            Literal::String(s) => write_string(f, s),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, n) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char('.')?;
            }
            f.write_str(n.as_str())?;
        }
        Ok(())
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Literal(l) => l.fmt(f),
            Operand::Property(p) => p.fmt(f),
        }
    }
}

/// Where an expression is printed, for choosing parentheses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Top,
    InAnd,
    InOr,
    InNot,
}

fn write_expr(f: &mut fmt::Formatter<'_>, e: &Expr, slot: Slot) -> fmt::Result {
    let paren = match e {
        // A list inside a list of the same kind keeps its parentheses (else it would read
        // back merged); OR inside AND or NOT needs them for precedence.
        Expr::And(_) => matches!(slot, Slot::InAnd | Slot::InNot),
        Expr::Or(_) => slot != Slot::Top,
        _ => false,
    };
    if paren {
        f.write_char('(')?;
    }
    match e {
        Expr::And(v) | Expr::Or(v) => {
            let (sep, inner) = if matches!(e, Expr::And(_)) {
                (" AND ", Slot::InAnd)
            } else {
                (" OR ", Slot::InOr)
            };
            for (i, c) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                write_expr(f, c, inner)?;
            }
        }
        Expr::Not(inner) => {
            f.write_str("NOT ")?;
            write_expr(f, inner, Slot::InNot)?;
        }
        Expr::Compare { op, left, right } => write!(f, "{left} {} {right}", op.text())?,
        Expr::Like { value, pattern } => write!(f, "{value} LIKE {pattern}")?,
        Expr::IsNull { operand, negated } => {
            write!(f, "{operand} IS {}NULL", if *negated { "NOT " } else { "" })?
        }
        Expr::Isa { path, class } => {
            write!(f, "{path} ISA ")?;
            write_string(f, class.as_str())?;
        }
    }
    if paren {
        f.write_char(')')?;
    }
    Ok(())
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, Slot::Top)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SELECT ")?;
        match &self.properties {
            None => f.write_char('*')?,
            Some(names) => {
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(n.as_str())?;
                }
            }
        }
        write!(f, " FROM {}", self.class.as_str())?;
        if let Some(w) = self.within {
            write!(f, " WITHIN {w:?}")?;
        }
        if let Some(c) = &self.condition {
            write!(f, " WHERE {c}")?;
        }
        Ok(())
    }
}
