package io.grapevine.console;

/** What the tab and the Gogo commands say about the deployer key that signs the changes made on this node. */
public final class Signing {
    /** Why a change made on a node without a deployer key is refused, and the two ways out. */
    public static final String NO_KEY = "this node holds no deployer key, and deploy, rollback and undeploy from the"
            + " console or Gogo need one to sign with: start the node with --deployer-key FILE, or sign on your own"
            + " machine with grapevine-ctl --key FILE deploy JAR (or undeploy MODULE, rollback DEPLOYMENT)";

    private Signing() {
    }

    /** One line saying which key signs the changes made here. */
    public static String signedWith(String keyId) {
        return keyId == null ? NO_KEY : "changes made here are signed with this node's deployer key " + keyId;
    }
}
