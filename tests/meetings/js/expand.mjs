// Reads an iCalendar file on stdin and prints the UTC start of every occurrence, as ical.js
// (Thunderbird's parser) expands it: the file's own VTIMEZONEs, RRULE, EXDATE, RECURRENCE-ID.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const root = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));

for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const vevents = root.getAllSubcomponents("vevent");
const overrides = vevents.filter((v) => v.hasProperty("recurrence-id"));
const starts = [];
for (const master of vevents.filter((v) => !v.hasProperty("recurrence-id"))) {
  const event = new ICAL.Event(master);
  for (const override of overrides) {
    if (override.getFirstPropertyValue("uid") === event.uid) {
      event.relateException(new ICAL.Event(override));
    }
  }
  const iterator = event.iterator();
  for (let next = iterator.next(), n = 0; next && n < 1000; next = iterator.next(), n++) {
    const details = event.getOccurrenceDetails(next);
    starts.push(new Date(details.startDate.toUnixTime() * 1000).toISOString());
  }
}
process.stdout.write(JSON.stringify({
  starts: starts.sort(),
  summaries: vevents.map((v) => v.getFirstPropertyValue("summary")),
  attendees: (vevents[0]?.getAllProperties("attendee") ?? []).map((a) => a.getParameter("cn")),
  components: root.getAllSubcomponents().map((c) => c.name),
}));
