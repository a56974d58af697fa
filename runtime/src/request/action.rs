//! What every generated request type is: an [`Action`] with a name, a path, its query
//! parameters and the response it decodes to. The transport (signing, sending) builds on this.

use crate::decode::{self, DecodeError, Format};
use crate::request::QueryWriter;

/// An NCP site: each has its own API Gateway host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Site {
    /// The public site (`ncloud.apigw.ntruss.com`).
    Public,
    /// The government site (`ncloud.apigw.gov-ntruss.com`).
    Gov,
    /// The financial site (`fin-ncloud.apigw.fin-ntruss.com`).
    Fin,
}

impl Site {
    /// The site's name in NCP's conventions (`NCLOUD_SITE`): `public`, `gov` or `fin`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Site::Public => "public",
            Site::Gov => "gov",
            Site::Fin => "fin",
        }
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an API is served at one site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Server {
    /// The site.
    pub site: Site,
    /// Scheme and host, without a trailing slash (`https://ncloud.apigw.ntruss.com`).
    pub origin: &'static str,
}

/// An API action with validated parameters, ready to be encoded and sent.
///
/// Generated request types implement it; a value of such a type has passed every check of its
/// parameters, so anything that sends an `Action` sends only validated requests.
pub trait Action {
    /// The action's name (`createBlockStorageSnapshotInstance`).
    const NAME: &'static str;
    /// The full path (`/vserver/v2/createBlockStorageSnapshotInstance`).
    const PATH: &'static str;
    /// The parameter that selects the response format (`responseFormatType`), if the action
    /// has one.
    const RESPONSE_FORMAT_PARAM: Option<&'static str>;
    /// Where the action's API is served, per site.
    const SERVERS: &'static [Server];
    /// The region parameter (`regionCode`), if the action takes one.
    const REGION_PARAM: Option<&'static str> = None;
    /// The root element of the XML response.
    const XML_ROOT: &'static str;
    /// The key of the JSON response's envelope.
    const JSON_ENVELOPE: &'static str;
    /// The decoded response.
    type Response;

    /// Append this request's parameters, in the spec's order, percent-encoded.
    fn write_query(&self, query: &mut QueryWriter);

    /// The region this request sets, if the action takes one and it was set.
    fn region(&self) -> Option<&str> {
        None
    }

    /// The query string asking for `format`: the parameters, then the format parameter.
    fn query_string(&self, format: Format) -> String {
        let mut query = QueryWriter::new();
        self.write_query(&mut query);
        if let Some(param) = Self::RESPONSE_FORMAT_PARAM {
            query.push(param, format.as_str());
        }
        query.finish()
    }

    /// The request target, path and query, exactly as it is signed and sent.
    fn request_target(&self, format: Format) -> String {
        let query = self.query_string(format);
        if query.is_empty() {
            Self::PATH.to_owned()
        } else {
            format!("{}?{query}", Self::PATH)
        }
    }

    /// Decode a response body of this action in `format`.
    fn decode_response(body: &[u8], format: Format) -> Result<Self::Response, DecodeError>
    where
        Self::Response: serde::de::DeserializeOwned,
    {
        match format {
            Format::Xml => decode::from_slice(body, format, Self::XML_ROOT),
            Format::Json => decode::from_slice(body, format, Self::JSON_ENVELOPE),
        }
    }
}
