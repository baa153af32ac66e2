namespace Connector.Sync.Ports;

/// <summary>The configured ERP: where its data is read from and where decisions are written back to.</summary>
public interface IErpConnection
{
    /// <summary>A source for one ingest run (a drop folder or the ERP's database).</summary>
    IErpSource OpenSource();

    /// <summary>The writeback beside that source; <c>null</c> when writeback is off (<c>Erp:Writeback</c> false).</summary>
    IErpWriteback? OpenWriteback();
}
