//! Typed ids read and bound as the integers the tables hold: a row's `product_id` column
//! decodes straight into a `ProductId` (or `Option<ProductId>` where it may be NULL), and an
//! id that is not positive is a decoding error, never a silent default.

use crate::domain::ids::{
    AddressId, AttachmentId, CompanyId, InvitationId, MessageId, OrderId, ProductId, QuoteId, RfqId, ThreadId, UserId,
    VariantId,
};
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Any, Database, Decode, Encode, Type};

macro_rules! stored_as_integer {
    ($($id:ty),+ $(,)?) => {$(
        impl Type<Any> for $id {
            fn type_info() -> AnyTypeInfo {
                <i64 as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <i64 as Type<Any>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Any> for $id {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok(<$id>::new(<i64 as Decode<'r, Any>>::decode(value)?)?)
            }
        }

        impl<'q> Encode<'q, Any> for $id {
            fn encode_by_ref(&self, buf: &mut <Any as Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
                <i64 as Encode<'q, Any>>::encode(self.get(), buf)
            }
        }
    )+};
}

stored_as_integer!(
    UserId,
    CompanyId,
    InvitationId,
    ProductId,
    VariantId,
    OrderId,
    AddressId,
    ThreadId,
    MessageId,
    QuoteId,
    RfqId,
    AttachmentId
);
