// The co-sell workflow against the emulator with the AWS SDK for JavaScript v3
// (@aws-sdk/client-partnercentral-selling), not with this project's packages:
//
//   pcs emulator --port 0 --print-config cfg.json &
//   node emulator/examples/workflow_jssdk.mjs cfg.json
//
// Two accounts: the sender invites from an engagement of its own, the receiver lists and accepts
// one invitation, rejects another, the third expires once the clock is advanced 15 days; the sender
// sees every status. Exits non-zero on the first surprise.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import {
  PartnerCentralSellingClient,
  CreateEngagementCommand,
  CreateEngagementInvitationCommand,
  ListEngagementInvitationsCommand,
  AcceptEngagementInvitationCommand,
  RejectEngagementInvitationCommand,
} from "@aws-sdk/client-partnercentral-selling";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8"));
const client = (a) =>
  new PartnerCentralSellingClient({
    region: "us-east-1",
    endpoint: cfg.url,
    credentials: { accessKeyId: a.AccessKeyId, secretAccessKey: a.SecretAccessKey },
  });
const [senderAccount, receiverAccount] = cfg.accounts;
const sender = client(senderAccount);
const receiver = client(receiverAccount);
const admin = async (method, path, body) => {
  const headers = { "content-type": "application/json" };
  if (cfg.admin_token) headers.authorization = `Bearer ${cfg.admin_token}`;
  const r = await fetch(cfg.url + path, { method, headers, body: body && JSON.stringify(body) });
  return r.json();
};

const engagement = await sender.send(
  new CreateEngagementCommand({ Catalog: "AWS", Title: "JS SDK workflow", Description: "three invitations" }),
);
const invite = (message) =>
  sender.send(
    new CreateEngagementInvitationCommand({
      Catalog: "AWS",
      EngagementIdentifier: engagement.Id,
      Invitation: {
        Message: message,
        Receiver: { Account: { AwsAccountId: receiverAccount.AccountId } },
        Payload: {
          LeadInvitation: {
            Customer: { CompanyName: "Example Retail Co" },
            Interaction: { SourceType: "Event", SourceId: "evt-1", SourceName: "Summit", ContactBusinessTitle: "CTO" },
          },
        },
      },
    }),
  );
const ids = [];
for (const m of ["accept", "reject", "expire"]) ids.push((await invite(m)).Id);

const mine = await receiver.send(new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }));
for (const id of ids) assert.ok(mine.EngagementInvitationSummaries.some((s) => s.Id === id));
await receiver.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: ids[0] }));
await receiver.send(new RejectEngagementInvitationCommand({ Catalog: "AWS", Identifier: ids[1], RejectionReason: "Other" }));
await admin("POST", "/__emulator/clock", { advance: { days: 15 } });
await assert.rejects(
  receiver.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: ids[2] })),
  (e) => e.name === "ValidationException" && /expired/.test(e.message),
);
const sent = await sender.send(
  new ListEngagementInvitationsCommand({
    Catalog: "AWS",
    ParticipantType: "SENDER",
    Sort: { SortOrder: "ASCENDING", SortBy: "InvitationDate" },
  }),
);
const statuses = sent.EngagementInvitationSummaries.filter((s) => ids.includes(s.Id)).map((s) => s.Status);
assert.deepEqual(statuses, ["ACCEPTED", "REJECTED", "EXPIRED"]);
assert.ok(sent.EngagementInvitationSummaries[0].InvitationDate instanceof Date);
console.log(JSON.stringify({ engagement: engagement.Id, statuses }));
