package eu.passerelle.questionnaire;

import java.util.List;

/**
 * What the questionnaire suggests: the services that fit and why, and, when safety is at stake,
 * the emergency contacts to show at once (before anything else).
 */
public record Recommendations(List<Recommendation> services, boolean safetyFirst, List<Contact> emergencyContacts) {

    public record Recommendation(String service, String label, List<String> reasons) {
    }

    public record Contact(String name, String number, String when) {
    }
}
