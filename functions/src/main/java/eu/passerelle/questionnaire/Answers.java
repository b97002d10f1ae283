package eu.passerelle.questionnaire;

/**
 * The "je me sépare" questionnaire as a parent answered it (the JSON body). Each answer is one
 * of a few codes; an unanswered question is null.
 *
 * @param stage    thinking, deciding, recent (separated less than a year ago), settled
 * @param children none, young (under 12), teens, both
 * @param conflict calm, tense, high
 * @param housing  settled, to-decide, urgent (no place to stay soon)
 * @param legal    none, questions, proceedings
 * @param money    ok, tight, struggling
 * @param safety   safe, worried, danger
 * @param country  FR or BE, for the emergency numbers
 */
public record Answers(String stage, String children, String conflict, String housing, String legal, String money,
                      String safety, String country) {
}
