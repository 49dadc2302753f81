// The workflow with the emulator inside a Node process (`startEmulator` from this project's
// package), driven by the AWS SDK for JavaScript v3 acting as two of its accounts.
//   node emulator/examples/workflow_node_emulator.mjs
import { createRequire } from "node:module";
import {
  PartnerCentralSellingClient,
  CreateEngagementCommand,
  CreateEngagementInvitationCommand,
  AcceptEngagementInvitationCommand,
  RejectEngagementInvitationCommand,
  ListEngagementInvitationsCommand,
} from "@aws-sdk/client-partnercentral-selling";

const { startEmulator } = createRequire(import.meta.url)("partnercentral-selling");
const emu = await startEmulator({ taskSeconds: 1 });
try {
  const sender = new PartnerCentralSellingClient(emu.clientConfig(0));
  const receiver = new PartnerCentralSellingClient(emu.clientConfig(1));
  const { Id: engagement } = await sender.send(
    new CreateEngagementCommand({ Catalog: "AWS", Title: "Node workflow", Description: "x" }),
  );
  const ids = [];
  for (const message of ["accept", "reject", "expire"]) {
    const { Id } = await sender.send(
      new CreateEngagementInvitationCommand({
        Catalog: "AWS",
        EngagementIdentifier: engagement,
        Invitation: {
          Message: message,
          Receiver: { Account: { AwsAccountId: emu.accounts[1].AccountId } },
          Payload: {
            LeadInvitation: {
              Customer: { CompanyName: "Example Retail Co" },
              Interaction: { SourceType: "Event", SourceId: "evt-1", SourceName: "Summit", ContactBusinessTitle: "CTO" },
            },
          },
        },
      }),
    );
    ids.push(Id);
  }
  await receiver.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: ids[0] }));
  await receiver.send(new RejectEngagementInvitationCommand({ Catalog: "AWS", Identifier: ids[1], RejectionReason: "Other" }));
  await emu.advance({ days: 15 });
  const sent = await sender.send(new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "SENDER" }));
  console.log(Object.fromEntries(sent.EngagementInvitationSummaries.map((s) => [s.Id, s.Status])));
  for (const { seq, event } of emu.events({ account: emu.accounts[0].AccountId })) console.log(seq, event["detail-type"]);
} finally {
  await emu.stop();
}
