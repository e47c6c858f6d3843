//! Tokens to a [`Query`]. The condition is parsed with explicit stacks (operator
//! precedence: `NOT` > `AND` > `OR`), never by recursion, so hostile nesting costs heap
//! memory bounded by the query length and is refused past [`MAX_DEPTH`] tree levels.

use super::ast::{Expr, Literal, Name, Operand, Path, Query};
use super::error::{ErrorKind, WqlError};
use super::lexer::{Keyword, Tok, Token, tokenize};
use super::like::Pattern;
use super::{MAX_DEPTH, MAX_PATH, MAX_QUERY_BYTES};
use crate::strings;

struct Parser<'t> {
    text: &'t str,
    toks: Vec<Token>,
    pos: usize,
}

/// An operator waiting on the stack, with the byte offset of its token.
#[derive(Clone, Copy)]
enum Op {
    Open(usize),
    Not(usize),
    And(usize),
    Or(usize),
}

/// A finished operand of the condition: its tree, its depth, and whether it was closed by
/// parentheses (a sealed `AND` list does not take more operands).
struct Item {
    expr: Expr,
    depth: usize,
    sealed: bool,
}

pub(crate) fn parse(text: &str) -> Result<Query, WqlError> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(WqlError::at(
            text,
            MAX_QUERY_BYTES,
            ErrorKind::TooLong,
            format!("query longer than {MAX_QUERY_BYTES} bytes"),
        ));
    }
    // Association queries use a syntax of their own ('{path}'): refuse them before
    // tokenizing, with a clear message.
    let start = text.len() - text.trim_start().len();
    let word: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if ["ASSOCIATORS", "REFERENCES"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&word))
    {
        return Err(WqlError::at(
            text,
            start,
            ErrorKind::Unsupported,
            format!("{} OF queries are not supported", word.to_ascii_uppercase()),
        ));
    }
    let toks = tokenize(text)?;
    let mut p = Parser { text, toks, pos: 0 };
    p.query()
}

impl<'t> Parser<'t> {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn at(&self) -> usize {
        self.toks[self.pos].at
    }

    fn bump(&mut self) -> Tok {
        let t = self.toks[self.pos].tok.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn error(&self, at: usize, kind: ErrorKind, message: impl Into<String>) -> WqlError {
        WqlError::at(self.text, at, kind, message)
    }

    fn unexpected(&self, wanted: &str) -> WqlError {
        self.error(
            self.at(),
            ErrorKind::UnexpectedToken,
            format!("expected {wanted}, found {}", self.peek().describe()),
        )
    }

    fn keyword(&mut self, k: Keyword) -> Result<(), WqlError> {
        if *self.peek() == Tok::Keyword(k) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(k.text()))
        }
    }

    fn name(&mut self, what: &str) -> Result<Name, WqlError> {
        match self.peek() {
            Tok::Ident(s) => {
                let n = Name::new(s);
                self.bump();
                Ok(n)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn unsupported_word(&self, words: &[&str]) -> Option<WqlError> {
        match self.peek() {
            Tok::Ident(s) if words.iter().any(|w| w.eq_ignore_ascii_case(s)) => Some(self.error(
                self.at(),
                ErrorKind::Unsupported,
                format!("{} is not supported", s.to_ascii_uppercase()),
            )),
            _ => None,
        }
    }

    fn query(&mut self) -> Result<Query, WqlError> {
        self.keyword(Keyword::Select)?;
        let properties = if *self.peek() == Tok::Star {
            self.bump();
            None
        } else {
            let mut names = vec![self.name("'*' or a property name")?];
            while *self.peek() == Tok::Comma {
                self.bump();
                names.push(self.name("a property name")?);
            }
            Some(names)
        };
        self.keyword(Keyword::From)?;
        let class = self.name("a class name")?;
        let within = if *self.peek() == Tok::Keyword(Keyword::Within) {
            self.bump();
            let at = self.at();
            let secs = match self.bump() {
                Tok::Int(i) => i as f64,
                Tok::Real(r) => r,
                _ => {
                    return Err(self.error(
                        at,
                        ErrorKind::UnexpectedToken,
                        "expected a number of seconds after WITHIN",
                    ));
                }
            };
            if secs <= 0.0 {
                return Err(self.error(
                    at,
                    ErrorKind::NumberOutOfRange,
                    "WITHIN needs a positive number of seconds",
                ));
            }
            Some(secs)
        } else {
            None
        };
        let condition = if *self.peek() == Tok::Keyword(Keyword::Where) {
            self.bump();
            Some(self.condition()?)
        } else {
            None
        };
        if let Some(e) = self.unsupported_word(&["GROUP", "HAVING"]) {
            return Err(e);
        }
        if *self.peek() != Tok::End {
            let wanted = if condition.is_some() {
                "AND, OR, ')' or the end of the query"
            } else {
                "WHERE or the end of the query"
            };
            return Err(self.unexpected(wanted));
        }
        Ok(Query {
            properties,
            class,
            within,
            condition,
        })
    }

    /// The condition after `WHERE`, up to the first token that cannot continue it.
    fn condition(&mut self) -> Result<Expr, WqlError> {
        let mut ops: Vec<Op> = Vec::new();
        let mut out: Vec<Item> = Vec::new();
        loop {
            // An operand: any number of NOT and '(' and then a predicate.
            loop {
                match self.peek() {
                    Tok::Keyword(Keyword::Not) => ops.push(Op::Not(self.at())),
                    Tok::LParen => ops.push(Op::Open(self.at())),
                    _ => break,
                }
                self.bump();
            }
            let expr = self.predicate()?;
            out.push(Item {
                expr,
                depth: 1,
                sealed: true,
            });
            // Operators and ')' until the next operand (or the end of the condition).
            loop {
                match self.peek() {
                    Tok::Keyword(Keyword::And) => {
                        let at = self.at();
                        self.reduce_while(&mut ops, &mut out, |op| matches!(op, Op::Not(_) | Op::And(_)))?;
                        ops.push(Op::And(at));
                        self.bump();
                        break;
                    }
                    Tok::Keyword(Keyword::Or) => {
                        let at = self.at();
                        self.reduce_while(&mut ops, &mut out, |op| !matches!(op, Op::Open(_)))?;
                        ops.push(Op::Or(at));
                        self.bump();
                        break;
                    }
                    Tok::RParen => {
                        self.reduce_while(&mut ops, &mut out, |op| !matches!(op, Op::Open(_)))?;
                        if !matches!(ops.pop(), Some(Op::Open(_))) {
                            return Err(self.error(
                                self.at(),
                                ErrorKind::UnexpectedToken,
                                "')' without its '('",
                            ));
                        }
                        if let Some(top) = out.last_mut() {
                            top.sealed = true;
                        }
                        self.bump();
                    }
                    _ => {
                        self.reduce_while(&mut ops, &mut out, |op| !matches!(op, Op::Open(_)))?;
                        if let Some(Op::Open(at)) = ops.last() {
                            return Err(self.error(*at, ErrorKind::UnexpectedToken, "'(' without its ')'"));
                        }
                        return out
                            .pop()
                            .map(|i| i.expr)
                            .ok_or_else(|| self.unexpected("a condition"));
                    }
                }
            }
        }
    }

    /// Applies the operators on top of `ops` while `pred` holds for them.
    fn reduce_while(
        &self,
        ops: &mut Vec<Op>,
        out: &mut Vec<Item>,
        pred: impl Fn(&Op) -> bool,
    ) -> Result<(), WqlError> {
        while let Some(&op) = ops.last() {
            if !pred(&op) {
                break;
            }
            ops.pop();
            let item = match op {
                Op::Open(_) => unreachable!("callers stop at '('"),
                Op::Not(at) => {
                    let inner = out.pop().ok_or_else(|| {
                        self.error(at, ErrorKind::UnexpectedToken, "NOT without an operand")
                    })?;
                    Item {
                        expr: Expr::Not(Box::new(inner.expr)),
                        depth: inner.depth + 1,
                        sealed: false,
                    }
                }
                Op::And(at) | Op::Or(at) => {
                    let missing =
                        || self.error(at, ErrorKind::UnexpectedToken, "AND/OR without two operands");
                    let right = out.pop().ok_or_else(missing)?;
                    let left = out.pop().ok_or_else(missing)?;
                    let is_and = matches!(op, Op::And(_));
                    let expr = match left.expr {
                        Expr::And(mut v) if is_and && !left.sealed => {
                            v.push(right.expr);
                            Expr::And(v)
                        }
                        Expr::Or(mut v) if !is_and && !left.sealed => {
                            v.push(right.expr);
                            Expr::Or(v)
                        }
                        other if is_and => Expr::And(vec![other, right.expr]),
                        other => Expr::Or(vec![other, right.expr]),
                    };
                    let depth = match &expr {
                        Expr::And(v) | Expr::Or(v) if v.len() > 2 => left.depth.max(right.depth + 1),
                        _ => left.depth.max(right.depth) + 1,
                    };
                    Item {
                        expr,
                        depth,
                        sealed: false,
                    }
                }
            };
            if item.depth > MAX_DEPTH {
                let at = match op {
                    Op::Open(at) | Op::Not(at) | Op::And(at) | Op::Or(at) => at,
                };
                return Err(self.error(
                    at,
                    ErrorKind::TooDeep,
                    format!("condition nested deeper than {MAX_DEPTH} levels"),
                ));
            }
            out.push(item);
        }
        Ok(())
    }

    /// One predicate: `operand op operand`, `operand LIKE operand`, `operand IS [NOT] NULL`,
    /// `path ISA class`.
    fn predicate(&mut self) -> Result<Expr, WqlError> {
        let left_at = self.at();
        let left = self.operand()?;
        match self.peek().clone() {
            Tok::Op(op) => {
                self.bump();
                let right = self.operand()?;
                Ok(Expr::Compare { op, left, right })
            }
            Tok::Keyword(Keyword::Like) => {
                self.bump();
                let at = self.at();
                let pattern = self.operand()?;
                if let Operand::Literal(Literal::String(s)) = &pattern
                    && let Err(u) = Pattern::compile(s)
                {
                    // Point at the '[' inside the literal when it has no escapes before it.
                    let inner = at + 1 + u.0;
                    let at = if self.text.get(inner..).is_some_and(|t| t.starts_with('[')) {
                        inner
                    } else {
                        at
                    };
                    return Err(self.error(
                        at,
                        ErrorKind::InvalidPattern,
                        "LIKE pattern with a '[' that is never closed",
                    ));
                }
                Ok(Expr::Like { value: left, pattern })
            }
            Tok::Keyword(Keyword::Is) => {
                self.bump();
                let negated = *self.peek() == Tok::Keyword(Keyword::Not);
                if negated {
                    self.bump();
                }
                if *self.peek() != Tok::Keyword(Keyword::Null) {
                    return Err(self.unexpected("NULL (IS and IS NOT only take NULL)"));
                }
                self.bump();
                Ok(Expr::IsNull {
                    operand: left,
                    negated,
                })
            }
            Tok::Keyword(Keyword::Isa) => {
                let Operand::Property(path) = left else {
                    return Err(self.error(
                        left_at,
                        ErrorKind::UnexpectedToken,
                        "ISA needs a property on its left",
                    ));
                };
                self.bump();
                let at = self.at();
                let class = match self.bump() {
                    Tok::Ident(s) | Tok::Str(s) if strings::is_legal_cim_name(&s) => Name(s),
                    _ => return Err(self.error(at, ErrorKind::InvalidClassName, "ISA needs a class name")),
                };
                Ok(Expr::Isa { path, class })
            }
            _ => Err(self.unexpected("a comparison operator, LIKE, IS or ISA")),
        }
    }

    fn operand(&mut self) -> Result<Operand, WqlError> {
        let lit = match self.peek() {
            Tok::Keyword(Keyword::Null) => Literal::Null,
            Tok::Keyword(Keyword::True) => Literal::Boolean(true),
            Tok::Keyword(Keyword::False) => Literal::Boolean(false),
            Tok::Int(i) => Literal::Integer(*i),
            Tok::Real(r) => Literal::Real(*r),
            Tok::Str(s) => Literal::String(s.clone()),
            Tok::Ident(_) => return self.path().map(Operand::Property),
            _ => return Err(self.unexpected("a property or a literal")),
        };
        self.bump();
        Ok(Operand::Literal(lit))
    }

    fn path(&mut self) -> Result<Path, WqlError> {
        let start = self.at();
        let mut names = vec![self.name("a property name")?];
        while *self.peek() == Tok::Dot {
            self.bump();
            if names.len() == MAX_PATH {
                return Err(self.error(
                    start,
                    ErrorKind::TooDeep,
                    format!("property path longer than {MAX_PATH} names"),
                ));
            }
            names.push(self.name("a property name after '.'")?);
        }
        Ok(Path(names))
    }
}
