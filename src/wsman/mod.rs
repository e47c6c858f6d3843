//! The WS-Management codec (issue 11, item 2; the parser half of item 4): MI operations to
//! SOAP envelopes, and response bytes back to MI results. Pure: no I/O, no threads, no
//! clocks, no randomness (the caller passes MessageIDs in). The wire facts are in
//! `shared/docs/wsman.md`; docs/WSMAN.md describes this API and its decisions.
//!
//! * [`request`]: [`request::Envelope`] (target, options) and one builder per operation,
//!   giving the envelope bytes; instance values go out per DSP0230 ([`wire`]).
//! * [`response`]: bytes + Content-Type to a [`response::Response`] or a
//!   [`response::Fault`] (MI_Result, message, extended error).
//! * [`typed`]: parsed instances to library `MI_Instance`s, typed from a class model when
//!   the caller has one, strings otherwise.
//! * [`cimxml`]: GetClass answers (CIM-XML `<CLASS>`) to class models.
//! * [`xml`]: decoding, the limited XML tree reader, escaping.

// The handler that uses the codec comes with the transport (issue 11); until then the
// codec is used by its tests and the fuzz target only.
#![allow(dead_code)]

pub(crate) mod cimxml;
pub(crate) mod datetime;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod typed;
pub(crate) mod wire;
pub(crate) mod xml;

#[cfg(test)]
mod tests;

use crate::abi::MI_Result;

/// Namespace URIs (wsman.md §1.1).
pub(crate) mod ns {
    pub(crate) const SOAP: &str = "http://www.w3.org/2003/05/soap-envelope";
    pub(crate) const ADDRESSING: &str = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    pub(crate) const ENUMERATION: &str = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    pub(crate) const TRANSFER: &str = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    pub(crate) const EVENTING: &str = "http://schemas.xmlsoap.org/ws/2004/08/eventing";
    pub(crate) const WSMAN: &str = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    pub(crate) const MSWSMAN: &str = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
    pub(crate) const CIMBINDING: &str = "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd";
    pub(crate) const CIM: &str = "http://schemas.dmtf.org/wbem/wscim/1/common";
    pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    pub(crate) const XS: &str = "http://www.w3.org/2001/XMLSchema";
    pub(crate) const WSMANFAULT: &str = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    pub(crate) const IDENTITY: &str = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
    pub(crate) const MSWINRM: &str = "http://schemas.microsoft.com/wbem/wsman/1/wsman/";
    pub(crate) const ANONYMOUS: &str = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    /// WinRM's resource URI prefix (a namespace path follows, `/`-separated).
    pub(crate) const WMI_PREFIX: &str = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";
    /// The DMTF class URI prefix (the class name follows).
    pub(crate) const DMTF_PREFIX: &str = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";
    /// The DMTF wildcard resource URI (queries, associations).
    pub(crate) const DMTF_ALL: &str = "http://schemas.dmtf.org/wbem/wscim/1/*";
    /// The CIM-XML schema resource URI: OMI answers a Get of it with a class (GetClass).
    pub(crate) const CIMXML_SCHEMA: &str = "http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*";
    pub(crate) const DIALECT_WQL: &str = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
    pub(crate) const DIALECT_CQL: &str = "http://schemas.dmtf.org/wbem/cql/1/dsp0202.pdf";
    pub(crate) const DIALECT_ASSOC: &str =
        "http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter";
    pub(crate) const DELIVERY_PULL: &str = "http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull";
}

/// Action URIs (wsman.md §1.2).
pub(crate) mod action {
    pub(crate) const GET: &str = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
    pub(crate) const PUT: &str = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";
    pub(crate) const CREATE: &str = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create";
    pub(crate) const DELETE: &str = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete";
    pub(crate) const ENUMERATE: &str = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
    pub(crate) const PULL: &str = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
    pub(crate) const RELEASE: &str = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";
    pub(crate) const SUBSCRIBE: &str = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Subscribe";
    pub(crate) const UNSUBSCRIBE: &str = "http://schemas.xmlsoap.org/ws/2004/08/eventing/Unsubscribe";
}

/// Which resource URIs a server gets (wsman.md §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UriStyle {
    /// WinRM: `…/wsman/1/wmi/<namespace>/<class>`, no namespace selector.
    Wmi,
    /// OMI and other DMTF servers: `…/cim-schema/2/<class>` plus `__cimnamespace`.
    Dmtf,
}

impl UriStyle {
    /// The style for a server whose IdentifyResponse names `vendor`.
    pub(crate) fn for_vendor(vendor: &str) -> Self {
        if vendor.trim() == "Microsoft Corporation" {
            UriStyle::Wmi
        } else {
            UriStyle::Dmtf
        }
    }
}

/// A codec error: the `MI_Result` it maps to and a message for the client (what was
/// wrong, and where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WsError {
    pub(crate) result: MI_Result,
    pub(crate) message: String,
}

impl WsError {
    pub(crate) fn new(result: MI_Result, message: impl Into<String>) -> Self {
        WsError {
            result,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for WsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (MI_Result {})", self.message, self.result)
    }
}

/// The fuzz entry point (`ft`: the library's instance table): parses arbitrary bytes as a response (as UTF-8 and as UTF-16),
/// and types every instance found with and without a class model. Must never panic.
pub fn fuzz_response(data: &[u8], ft: &'static crate::abi::MI_InstanceFT) {
    use response::{Expect, Failure, Response};
    let limits = xml::Limits::default();
    let expect = Expect {
        message_id: Some("uuid:00000000-0000-0000-0000-000000000001"),
        fragment_class: Some("Sample_Class"),
        method: Some("Go"),
    };
    let model = |name: &str| typed::sample_model(if name == "Fuzz_Part" { "Sample_Part" } else { name });
    for ct in [
        "application/soap+xml;charset=UTF-8",
        "application/soap+xml;charset=UTF-16",
    ] {
        let r = response::parse(data, ct, &expect, &limits);
        for classes in [&typed::NoClasses as &dyn typed::Classes, &model] {
            let t = typed::Typing {
                ft,
                classes,
                namespace: Some("root/fuzz"),
                server: None,
            };
            match &r {
                Ok(Response::Instance(i)) => drop(typed::to_instance(i, &t, &["Name"])),
                Ok(Response::MethodOutput(i)) => drop(typed::method_output(i, &t, "Sample_Class")),
                Ok(Response::Created(e)) => drop(typed::from_epr(e, &t, Some("Sample_Class"))),
                Ok(Response::Items { items, .. }) => {
                    for i in items {
                        drop(typed::to_instance(i, &t, &[]));
                    }
                }
                Err(Failure::Fault(f)) => drop(typed::to_instance(&f.error, &t, &[])),
                _ => {}
            }
        }
    }
}
