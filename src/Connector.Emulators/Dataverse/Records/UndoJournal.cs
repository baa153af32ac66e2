namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// The changes made inside an atomic unit (a $batch change set, a bulk message), so they can be undone in reverse order
/// when one member fails: all or nothing, as Dataverse's transaction gives it.
/// </summary>
internal sealed class UndoJournal
{
    private readonly List<Action> undo = [];

    public void Record(Action undo) => this.undo.Add(undo);

    public void Rollback()
    {
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            undo[i]();
        }

        undo.Clear();
    }
}
