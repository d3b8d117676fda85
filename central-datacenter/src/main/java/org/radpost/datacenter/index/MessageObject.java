package org.radpost.datacenter.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One object one message carried, new or already held; receipts about the message name it. */
@Entity
@Table(name = "message_object")
public class MessageObject {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "message_id")
    private String messageId;
    @Column(name = "sop_instance_uid")
    private String sopInstanceUid;
    @Column(name = "object_type")
    private String objectType;

    protected MessageObject() {}

    public MessageObject(String messageId, String sopInstanceUid, String objectType) {
        this.messageId = messageId;
        this.sopInstanceUid = sopInstanceUid;
        this.objectType = objectType;
    }

    public String messageId() { return messageId; }
    public String sopInstanceUid() { return sopInstanceUid; }
    /** The {@link org.radpost.wire.ObjectType} name. */
    public String objectType() { return objectType; }
}
