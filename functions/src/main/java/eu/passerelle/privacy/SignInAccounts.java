package eu.passerelle.privacy;

/**
 * Where parents' sign-in accounts live (Cognito's user pool in AWS): an erasure deletes the
 * account once the data is gone.
 */
public interface SignInAccounts {

    /** Deletes the account of {@code subject}; an account already gone (or never there) is no error. */
    void delete(String subject);
}
