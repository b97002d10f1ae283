package eu.passerelle.signals;

import java.time.LocalDate;

/** A provider's redeemed sessions on one day. */
public record DaySessions(LocalDate day, long sessions) {
}
