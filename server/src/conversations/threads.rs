//! Filing inbound messages into conversations (AGENT-2): the campaign contact a message answers
//! — by our Message-ID first, by its sender's address (or a colleague's at the company's own
//! domain) second — gets one conversation, and each message is filed once. A human reply stops
//! the follow-ups; a request to stop or an address that does not exist closes the conversation
//! as lost; an out-of-office changes nothing but is kept.

use super::entities::{conversation, conversation_message};
use super::inbound::{InboundMail, MailKind};
use crate::enrichment::email_check::MAILBOX_PROVIDERS;
use crate::outreach::campaigns::replies::{self, Origin};
use crate::prospecting::outreach_view;
use chrono::Utc;
use prospecta_shared::conversations::{ConversationStage, MessageAuthor, MessageStatus, Tag};
use prospecta_shared::ids::{ConversationId, OrgId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

/// Where a message was filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filed {
    pub conversation_id: ConversationId,
    pub organization_id: OrgId,
    /// The conversation's stage after this message.
    pub stage: ConversationStage,
    /// False when this message was filed before (a redelivery).
    pub new: bool,
    /// The message's row in the conversation.
    pub message: Option<prospecta_shared::ids::MessageId>,
}

/// The address a message is about: the sender of a reply, the failed recipient of a bounce,
/// the recipient who complained.
fn prospect_address(mail: &InboundMail) -> Option<String> {
    let address = match (mail.kind, &mail.complaint) {
        (_, Some(complaint)) => complaint.recipient.clone(),
        (MailKind::Bounce, _) => mail.bounce.as_ref().and_then(|b| b.recipient.clone()),
        _ => mail.from.clone(),
    };
    address.map(|a| a.trim().to_lowercase()).filter(|a| a.contains('@'))
}

/// The contact the message answers. `organization`: the mailbox's, when the message was read
/// from a client's mailbox: a message there never files into another organisation's thread.
async fn origin<C: ConnectionTrait>(
    db: &C,
    mail: &InboundMail,
    organization: Option<OrgId>,
) -> Result<Option<Origin>, DbErr> {
    let by_header = match mail.in_reply_to.as_deref().and_then(replies::contact_of_message_id) {
        Some(contact) => replies::origin_by_contact(db, contact).await?,
        None => None,
    };
    let found = match by_header {
        Some(origin) => Some(origin),
        None => match prospect_address(mail) {
            Some(address) => {
                let own_domain = address.split_once('@').is_some_and(|(_, d)| !MAILBOX_PROVIDERS.contains(&d));
                let companies = outreach_view::companies_of_address(db, &address, own_domain).await?;
                // The campaign's own reply address, when it was used, says which contact; a
                // campaign that never wrote to this company says nothing.
                match replies::origin_by_companies(db, &companies, organization, mail.campaign).await? {
                    None if mail.campaign.is_some() => {
                        replies::origin_by_companies(db, &companies, organization, None).await?
                    }
                    found => found,
                }
            }
            None => None,
        },
    };
    Ok(found.filter(|o| organization.is_none_or(|org| org == o.organization_id)))
}

/// The tags known without the agent.
fn first_tags(mail: &InboundMail) -> Vec<Tag> {
    if mail.complaint.is_some() {
        return vec![Tag::Complaint];
    }
    match mail.kind {
        MailKind::Reply if mail.opt_out => vec![Tag::OptOut],
        MailKind::Reply => Vec::new(),
        MailKind::AutoReply => vec![Tag::OutOfOffice],
        MailKind::Bounce => vec![Tag::Bounce],
    }
}

fn next_stage(current: ConversationStage, mail: &InboundMail) -> ConversationStage {
    let hard_bounce = mail.bounce.as_ref().is_some_and(|b| b.hard);
    match (current, mail.kind) {
        (ConversationStage::Won, _) => ConversationStage::Won,
        (_, MailKind::Reply) if mail.opt_out => ConversationStage::Lost,
        (_, MailKind::Bounce) if hard_bounce => ConversationStage::Lost,
        _ if mail.complaint.as_ref().is_some_and(|c| c.is_objection()) => ConversationStage::Lost,
        (ConversationStage::Contacted, MailKind::Reply) => ConversationStage::Open,
        (stage, _) => stage,
    }
}

pub(super) fn tags_json(tags: &[Tag]) -> String {
    serde_json::to_string(&tags.iter().map(|t| t.as_str()).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// The conversation's tags (JSON) with `new` ones added, each once, in order of appearance.
pub(super) fn merged_tags(json: &str, new: impl IntoIterator<Item = Tag>) -> Vec<Tag> {
    let mut all = tags_of(json);
    for tag in new {
        if !all.contains(&tag) {
            all.push(tag);
        }
    }
    all
}

/// A message of ours answering the conversation's prospect: in their thread (`parent`), with
/// the one-click unsubscription of their address.
pub(super) fn reply_to_prospect(
    app: &crate::state::AppState,
    c: &conversation::Model,
    message_id: String,
    subject: String,
    text: String,
    parent: Option<String>,
) -> crate::mailboxes::Outbound {
    crate::mailboxes::Outbound {
        to: c.prospect_address.clone(),
        subject,
        text,
        message_id,
        in_reply_to: parent.clone(),
        references: parent.into_iter().collect(),
        unsubscribe_url: crate::opposition::one_click_link_for(
            &app.config.public_url,
            &app.config.opposition_secret,
            &prospect_target(c),
        ),
        campaign: c.campaign_id,
    }
}

/// The opposition target of the conversation's prospect: their address.
pub(super) fn prospect_target(c: &conversation::Model) -> crate::opposition::LinkTarget {
    crate::opposition::LinkTarget { email: Some(c.prospect_address.clone()), siren: None, domain: None }
}

pub(super) fn reply_subject(subject: &str) -> String {
    if subject.to_lowercase().starts_with("re:") { subject.to_string() } else { format!("Re: {subject}") }
}

/// The prospect's last message of a conversation: what a reply of ours answers.
pub(super) async fn last_from_prospect<C: ConnectionTrait>(
    db: &C,
    conversation_id: ConversationId,
) -> Result<Option<conversation_message::Model>, DbErr> {
    conversation_message::Entity::find()
        .filter(conversation_message::Column::ConversationId.eq(conversation_id))
        .filter(conversation_message::Column::Author.eq(MessageAuthor::Prospect))
        .order_by_desc(conversation_message::Column::Id)
        .one(db)
        .await
}

pub(super) fn tags_of(json: &str) -> Vec<Tag> {
    serde_json::from_str::<Vec<String>>(json).unwrap_or_default().iter().filter_map(|t| Tag::parse(t)).collect()
}

/// Files the message into its conversation, once; `None` when it answers nothing of ours.
pub async fn file<C: ConnectionTrait>(
    db: &C,
    mail: &InboundMail,
    dedupe_key: &str,
    organization: Option<OrgId>,
) -> Result<Option<Filed>, DbErr> {
    let Some(origin) = origin(db, mail, organization).await? else { return Ok(None) };
    let now = Utc::now();
    let existing =
        conversation::Entity::find().filter(conversation::Column::ContactId.eq(origin.contact_id)).one(db).await?;
    let conversation = match existing {
        Some(c) => c,
        None => {
            let name = outreach_view::company_labels(db, &[origin.company_id])
                .await?
                .remove(&origin.company_id)
                .map(|(name, _)| name)
                .unwrap_or_default();
            conversation::Entity::insert(conversation::ActiveModel {
                organization_id: Set(origin.organization_id),
                campaign_id: Set(Some(origin.campaign_id)),
                contact_id: Set(Some(origin.contact_id)),
                company_id: Set(Some(origin.company_id)),
                offer_id: Set(Some(origin.offer_id)),
                prospect_address: Set(prospect_address(mail).unwrap_or_default()),
                prospect_name: Set(name),
                subject: Set(mail.subject.clone()),
                stage: Set(ConversationStage::Contacted),
                score: Set(None),
                tags: Set("[]".into()),
                agent_messages: Set(0),
                question: Set(None),
                debrief: Set(None),
                last_message_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .on_conflict(OnConflict::column(conversation::Column::ContactId).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
            conversation::Entity::find()
                .filter(conversation::Column::ContactId.eq(origin.contact_id))
                .one(db)
                .await?
                .ok_or(DbErr::RecordNotFound("conversation".into()))?
        }
    };
    let tags = first_tags(mail);
    let inserted = conversation_message::Entity::insert(conversation_message::ActiveModel {
        conversation_id: Set(conversation.id),
        organization_id: Set(conversation.organization_id),
        author: Set(MessageAuthor::Prospect),
        dedupe_key: Set(Some(dedupe_key.to_string())),
        message_id: Set(mail.message_id.clone()),
        subject: Set(mail.subject.clone()),
        body: Set(mail.new_text.clone()),
        tags: Set(tags_json(&tags)),
        reasoning: Set(None),
        tokens: Set(0),
        prompt_version: Set(None),
        status: Set(MessageStatus::Received),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(conversation_message::Column::DedupeKey).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    let stage = next_stage(conversation.stage, mail);
    let message = conversation_message::Entity::find()
        .filter(conversation_message::Column::DedupeKey.eq(dedupe_key))
        .one(db)
        .await?
        .map(|m| m.id);
    let filed = Filed {
        conversation_id: conversation.id,
        organization_id: conversation.organization_id,
        stage,
        new: inserted > 0,
        message,
    };
    if !filed.new {
        return Ok(Some(Filed { stage: conversation.stage, ..filed }));
    }
    let all_tags = merged_tags(&conversation.tags, tags);
    let mut active = conversation.into_active_model();
    active.stage = Set(stage);
    active.tags = Set(tags_json(&all_tags));
    active.last_message_at = Set(now);
    active.updated_at = Set(now);
    active.update(db).await?;
    if mail.kind == MailKind::Reply {
        // A human answer stops the follow-ups; a request to stop is a negative outcome.
        replies::record_reply(db, origin.contact_id, mail.opt_out.then_some(false), now).await?;
    }
    Ok(Some(filed))
}
