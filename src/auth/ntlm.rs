//! NTLMv2 (MS-NLMP) through the `sspi` crate, client side: the three-message handshake
//! (its tokens sent raw under the `Negotiate` HTTP scheme, as WinRM accepts and pywinrm
//! sends), channel binding (`MsvAvChannelBindings`) on HTTPS, and sealing with the
//! session keys for HTTP message encryption.

use super::{AuthError, AuthErrorKind, Authenticator, Channel, Credentials, SecurityContext, Wrapped};
use sspi::{
    AuthIdentity, BufferType, ClientRequestFlags, CredentialUse, DataRepresentation, EncryptionFlags, Ntlm,
    SecurityBuffer, SecurityBufferRef, SecurityStatus, Sspi, SspiImpl, Username,
};

/// The `protocol=` NTLM messages are sealed under (WinRM calls the session SPNEGO's).
pub const PROTOCOL: &str = "application/HTTP-SPNEGO-session-encrypted";

/// The 16-byte NTLM message signature.
const SIGNATURE: usize = 16;

/// NTLM with a user name and password.
pub struct NtlmAuth {
    credentials: Credentials,
    /// The HTTP scheme name the tokens go under (`Negotiate`, or `NTLM` if asked).
    scheme: &'static str,
}

impl std::fmt::Debug for NtlmAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NtlmAuth")
            .field("user", &self.credentials.user)
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

impl NtlmAuth {
    pub fn new(credentials: Credentials, scheme: &'static str) -> NtlmAuth {
        NtlmAuth { credentials, scheme }
    }

    /// The credentials (CredSSP delegates them after NTLM).
    pub(crate) fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

fn failed(kind: AuthErrorKind, what: &str, e: sspi::Error) -> AuthError {
    AuthError::new(kind, format!("NTLM: {what}: {}", e.description))
}

impl Authenticator for NtlmAuth {
    fn scheme(&self) -> &'static str {
        self.scheme
    }

    fn start(&self, channel: &Channel) -> Result<Box<dyn SecurityContext>, AuthError> {
        let (user, domain) = self.credentials.split();
        let username = if self.credentials.domain.is_none() && self.credentials.user.contains('@') {
            Username::parse(&self.credentials.user)
        } else {
            Username::new(&user, domain.as_deref())
        }
        .map_err(|e| {
            AuthError::new(
                AuthErrorKind::Unavailable,
                format!("NTLM: the user name is not usable: {e}"),
            )
        })?;
        let identity = AuthIdentity {
            username,
            password: self.credentials.password.as_str().to_string().into(),
        };
        let mut ntlm = Ntlm::new();
        if let Some(binding) = &channel.binding {
            ntlm.set_channel_bindings(binding);
        }
        let acquired = ntlm
            .acquire_credentials_handle()
            .with_credential_use(CredentialUse::Outbound)
            .with_auth_data(&identity)
            .execute(&mut ntlm)
            .map_err(|e| failed(AuthErrorKind::Unavailable, "credentials", e))?;
        Ok(Box::new(NtlmContext {
            ntlm,
            handle: acquired.credentials_handle,
            target: format!("HTTP/{}", channel.host),
            sent: 0,
            done: false,
        }))
    }
}

struct NtlmContext {
    ntlm: Ntlm,
    handle: <Ntlm as SspiImpl>::CredentialsHandle,
    target: String,
    /// Tokens sent so far (NEGOTIATE, AUTHENTICATE).
    sent: u8,
    done: bool,
}

impl SecurityContext for NtlmContext {
    fn step(&mut self, input: Option<&[u8]>) -> Result<Option<Vec<u8>>, AuthError> {
        if self.done {
            // A final token from the server (NTLM has none): nothing more to send.
            return Ok(None);
        }
        match (self.sent, input) {
            (0, _) => {}
            (1, Some(t)) if !t.is_empty() => {}
            (1, _) => {
                return Err(AuthError::new(
                    AuthErrorKind::Denied,
                    "NTLM: the server sent no challenge (it refused the negotiation)",
                ));
            }
            _ => unreachable!("done after the second token"),
        }
        let mut input_buffers = vec![SecurityBuffer::new(
            input.unwrap_or_default().to_vec(),
            BufferType::Token,
        )];
        let mut output = vec![SecurityBuffer::new(Vec::new(), BufferType::Token)];
        let flags = ClientRequestFlags::CONFIDENTIALITY
            | ClientRequestFlags::INTEGRITY
            | ClientRequestFlags::ALLOCATE_MEMORY;
        let mut builder = self
            .ntlm
            .initialize_security_context()
            .with_credentials_handle(&mut self.handle)
            .with_context_requirements(flags)
            .with_target_data_representation(DataRepresentation::Native)
            .with_target_name(&self.target)
            .with_output(&mut output);
        if self.sent > 0 {
            builder = builder.with_input(&mut input_buffers);
        }
        let result = self
            .ntlm
            .initialize_security_context_impl(&mut builder)
            .and_then(|mut r| r.resolve_to_result())
            .map_err(|e| {
                let kind = if self.sent == 0 {
                    AuthErrorKind::Unavailable
                } else {
                    AuthErrorKind::Protocol
                };
                failed(kind, "the server's challenge could not be answered", e)
            })?;
        if matches!(
            result.status,
            SecurityStatus::CompleteAndContinue | SecurityStatus::CompleteNeeded
        ) {
            self.ntlm
                .complete_auth_token(&mut output)
                .map_err(|e| failed(AuthErrorKind::Protocol, "completing the token", e))?;
        }
        self.sent += 1;
        if self.sent == 2 {
            self.done = true;
        }
        let token = std::mem::take(&mut output[0].buffer);
        Ok((!token.is_empty()).then_some(token))
    }

    fn complete(&self) -> bool {
        self.done
    }

    fn protocol(&self) -> &'static str {
        PROTOCOL
    }

    fn wrap(&mut self, plain: &[u8]) -> Result<Wrapped, AuthError> {
        let mut signature = vec![0u8; SIGNATURE];
        let mut data = plain.to_vec();
        let mut buffers = [
            SecurityBufferRef::token_buf(&mut signature),
            SecurityBufferRef::data_buf(&mut data),
        ];
        self.ntlm
            .encrypt_message(EncryptionFlags::empty(), &mut buffers)
            .map_err(|e| failed(AuthErrorKind::Integrity, "sealing a message", e))?;
        Ok(Wrapped {
            header: signature,
            data,
            padding: 0,
        })
    }

    fn unwrap(&mut self, header: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
        if header.len() != SIGNATURE {
            return Err(AuthError::new(
                AuthErrorKind::Integrity,
                format!(
                    "NTLM: a sealed message's signature is {} bytes, not 16",
                    header.len()
                ),
            ));
        }
        let mut signature = header.to_vec();
        let mut plain = data.to_vec();
        let mut buffers = [
            SecurityBufferRef::token_buf(&mut signature),
            SecurityBufferRef::data_buf(&mut plain),
        ];
        self.ntlm.decrypt_message(&mut buffers).map_err(|e| {
            failed(
                AuthErrorKind::Integrity,
                "a sealed message from the server failed its check (altered, replayed or out of order)",
                e,
            )
        })?;
        let n = buffers[1].data().len();
        plain.truncate(n);
        Ok(plain)
    }
}
